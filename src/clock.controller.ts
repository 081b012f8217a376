import { Controller, Get } from '@nestjs/common';
import { Public } from './auth/actor.js';
import { Clock } from './common/clock.js';

/** The server's clock, so a client's default dates follow the business zone and `CLOCK`, not the browser's. */
@Controller('clock')
export class ClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @Get()
  now(): { now: string; today: string; timeZone: string } {
    return { now: this.clock.nowIso(), today: this.clock.today(), timeZone: this.clock.timeZone };
  }
}
