import { Controller, Get } from '@nestjs/common';
import { Public } from './common/actor.js';
import { ApiSuccess } from './common/openapi.js';

@Controller('health')
export class HealthController {
  @Public()
  @Get()
  @ApiSuccess(200, 'The server is up')
  health() {
    return { status: 'ok' };
  }
}
