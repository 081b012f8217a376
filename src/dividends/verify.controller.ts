import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor.js';
import { PublicRateLimitGuard } from '../common/rate-limit.guard.js';
import { VerifyService } from './verify.service.js';
import { ApiErrors, ApiSuccess } from '../common/openapi.js';

@ApiTags('verify')
@Controller('verify')
@UseGuards(PublicRateLimitGuard)
export class VerifyController {
  constructor(private readonly verifier: VerifyService) {}

  @Public()
  @Get(':code')
  @ApiSuccess(200, 'What the verification code proves')
  @ApiErrors(400, 404, 429)
  verify(@Param('code') code: string) {
    return this.verifier.verify(String(code).slice(0, 64));
  }
}
