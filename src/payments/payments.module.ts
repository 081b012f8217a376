import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { BankBatchService } from './bank-batch.service.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';

/** 兑付. Depends on dividends (the run) — never the other way: dividends asks the payments table by SQL. */
@Module({
  imports: [DividendsModule, LedgerModule, HouseholdsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentsRepository, BankBatchService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
