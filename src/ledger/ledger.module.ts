import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';
import { ReportsService } from './reports.service.js';

@Module({ controllers: [LedgerController], providers: [LedgerService, ReportsService], exports: [LedgerService] })
export class LedgerModule {}
