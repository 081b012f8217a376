import { Module } from '@nestjs/common';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';
import { OperationsRepository } from './operations.repository.js';
import { VillageArchiveService } from './village-archive.service.js';

@Module({
  controllers: [OperationsController],
  providers: [OperationsRepository, BackupService, VillageArchiveService],
  exports: [BackupService, VillageArchiveService],
})
export class OperationsModule {}
