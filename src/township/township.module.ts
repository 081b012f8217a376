import { Module } from '@nestjs/common';
import { TownshipController } from './township.controller.js';
import { TownshipService } from './township.service.js';

/** Many villages at once: the township agency's summary (CONTRACT "Township"). */
@Module({ controllers: [TownshipController], providers: [TownshipService] })
export class TownshipModule {}
