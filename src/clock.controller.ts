import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from './common/actor.js';
import { Clock } from './common/clock.js';
import { ApiSuccess } from './common/openapi.js';

/** The server's clock, so a client's default dates follow the business zone and `CLOCK`, not the browser's. */
@ApiTags('health')
@Controller('clock')
export class ClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @Get()
  @ApiSuccess(200, '服务器时间与营业日 / the server time, business date and zone', {
    type: 'object',
    required: ['now', 'today', 'timeZone'],
    properties: { now: { type: 'string' }, today: { type: 'string' }, timeZone: { type: 'string' } },
  })
  now(): { now: string; today: string; timeZone: string } {
    return { now: this.clock.nowIso(), today: this.clock.today(), timeZone: this.clock.timeZone };
  }
}
