import { Module } from '@nestjs/common';
import { TownshipController } from './township.controller.js';
import { TownshipRepository } from './township.repository.js';
import { TownshipService } from './township.service.js';

/** Many villages at once: the township agency's summary (CONTRACT "Township"). */
@Module({ controllers: [TownshipController], providers: [TownshipRepository, TownshipService] })
export class TownshipModule {}
