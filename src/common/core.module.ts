import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { VillageAccess } from './village-access.js';
import { VillagesRepository } from '../villages/villages.repository.js';
import { IdempotencyRepository } from './idempotency.repository.js';
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
    AuditRepository,
    AuditService,
    VillagesRepository,
    VillageAccess,
    IdempotencyRepository,
    IdempotencyService,
  ],
  exports: [TransactionRunner, AuditService, VillagesRepository, VillageAccess, IdempotencyService],
})
export class CoreModule {}
