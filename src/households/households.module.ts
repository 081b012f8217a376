import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { PersonalDataService } from './personal-data.service.js';
import { RegisterService } from './register.service.js';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsService, RegisterService, PersonalDataService],
  exports: [HouseholdsService, PersonalDataService],
})
export class HouseholdsModule {}
