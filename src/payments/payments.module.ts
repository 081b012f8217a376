import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { BankBatchService } from './bank-batch.service.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/** 兑付. Depends on dividends (the run) — never the other way: dividends reads payments through payment-records.ts. */
@Module({
  imports: [DividendsModule, LedgerModule, HouseholdsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, BankBatchService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
