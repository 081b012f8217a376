import { Module } from '@nestjs/common';
import { VillagesController } from './villages.controller.js';
import { VillagesService } from './villages.service.js';

@Module({ controllers: [VillagesController], providers: [VillagesService] })
export class VillagesModule {}
