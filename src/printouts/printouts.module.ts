import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { BooksController } from './books.controller.js';
import { BooksService } from './books.service.js';
import { PrintoutsController } from './printouts.controller.js';
import { PrintoutsService } from './printouts.service.js';

@Module({
  imports: [DividendsModule, ScoringModule],
  controllers: [PrintoutsController, BooksController],
  providers: [PrintoutsService, BooksService],
  exports: [PrintoutsService],
})
export class PrintoutsModule {}
