import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';
import { ReportsService } from './reports.service.js';
import { VouchersController } from './vouchers.controller.js';
import { VouchersService } from './vouchers.service.js';

@Module({
  controllers: [LedgerController, VouchersController],
  providers: [LedgerService, LedgerRepository, ReportsService, VouchersService],
  exports: [LedgerService],
})
export class LedgerModule {}
