import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from '../villages/village-access.service.js';
import { IdempotencyService } from './idempotency.service.js';

/** Shared by every feature module: the write queue, the audit log and village access checks. */
@Global()
@Module({
  providers: [
    {
      provide: TransactionRunner,
      useFactory: (dataSource: DataSource) => new TransactionRunner(dataSource),
      inject: [DataSource],
    },
    AuditService,
    VillageAccess,
    IdempotencyService,
  ],
  exports: [TransactionRunner, AuditService, VillageAccess, IdempotencyService],
})
export class CoreModule {}
