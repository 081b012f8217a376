import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService } from './households.service.js';
import { RegisterService } from './register.service.js';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsRepository, HouseholdsService, RegisterService],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
