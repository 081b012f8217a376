import { Module } from '@nestjs/common';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';
import { VillageArchiveService } from './village-archive.service.js';

@Module({
  controllers: [OperationsController],
  providers: [BackupService, VillageArchiveService],
  exports: [BackupService, VillageArchiveService],
})
export class OperationsModule {}
