import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { PrintoutsController } from './printouts.controller.js';
import { PrintoutsService } from './printouts.service.js';

@Module({ imports: [DividendsModule, ScoringModule], controllers: [PrintoutsController], providers: [PrintoutsService], exports: [PrintoutsService] })
export class PrintoutsModule {}
