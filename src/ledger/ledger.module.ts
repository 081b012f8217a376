import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';
import { ReportsService } from './reports.service.js';

@Module({ controllers: [LedgerController], providers: [LedgerService, ReportsService, IdempotencyService], exports: [LedgerService, IdempotencyService] })
export class LedgerModule {}
