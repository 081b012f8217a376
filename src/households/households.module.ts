import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService } from './households.service.js';
import { PersonalDataService } from './personal-data.service.js';
import { RegisterService } from './register.service.js';

@Module({
  controllers: [HouseholdsController],
  providers: [HouseholdsRepository, HouseholdsService, RegisterService, PersonalDataService],
  exports: [HouseholdsService, PersonalDataService],
})
export class HouseholdsModule {}
