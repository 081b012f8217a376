import { Module } from '@nestjs/common';
import { PublicRateLimitGuard } from '../common/rate-limit.guard.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { DividendsController } from './dividends.controller.js';
import { DividendsRepository } from './dividends.repository.js';
import { DividendsService } from './dividends.service.js';
import { PlanController } from './plan.controller.js';
import { PlanService } from './plan.service.js';
import { RunComputeService } from './run-compute.service.js';
import { RunReadsService } from './run-reads.service.js';
import { VerifyController } from './verify.controller.js';
import { VerifyService } from './verify.service.js';

@Module({
  imports: [LedgerModule, ScoringModule],
  controllers: [DividendsController, PlanController, VerifyController],
  providers: [
    DividendsService,
    DividendsRepository,
    RunComputeService,
    RunReadsService,
    PlanService,
    VerifyService,
    PublicRateLimitGuard,
  ],
  exports: [DividendsService, DividendsRepository, RunReadsService, VerifyService],
})
export class DividendsModule {}
