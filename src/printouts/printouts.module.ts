import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { SharesModule } from '../shares/shares.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { BooksController } from './books.controller.js';
import { BooksRepository } from './books.repository.js';
import { BooksService } from './books.service.js';
import { CertificateController } from './certificate.controller.js';
import { CertificateService } from './certificate.service.js';
import { PrintoutsController } from './printouts.controller.js';
import { PrintoutsService } from './printouts.service.js';
import { ScorecardsController } from './scorecards.controller.js';

@Module({
  imports: [DividendsModule, ScoringModule, HouseholdsModule, SharesModule],
  controllers: [PrintoutsController, BooksController, CertificateController, ScorecardsController],
  providers: [PrintoutsService, BooksRepository, BooksService, CertificateService],
  exports: [PrintoutsService],
})
export class PrintoutsModule {}
