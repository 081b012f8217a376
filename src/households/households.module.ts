import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { RegisterService } from './register.service.js';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsService, RegisterService],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
