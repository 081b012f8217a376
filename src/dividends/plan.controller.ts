import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { UUID_PARAM } from '../common/params.js';
import { AnswerObjectionDto, PlanObjectionDto } from './dto.js';
import { PlanService } from './plan.service.js';
import { RunReadsService } from './run-reads.service.js';
import { ApiAuthErrors, ApiErrors, ApiSuccess, ApiWrite } from '../common/openapi.js';

/** The plan's course between computing and paying: publicity and objections. */
@ApiTags('dividends')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class PlanController {
  constructor(
    private readonly plans: PlanService,
    private readonly reads: RunReadsService,
  ) {}

  @Roles('cadre')
  @Post('dividend-runs/:id/publish')
  @HttpCode(200)
  @ApiSuccess(200, 'The run with its plan published')
  @ApiWrite()
  @ApiErrors(404, 422)
  async publish(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    const published = await this.plans.publish(actor, id);
    return { ...(await this.reads.withPayouts(actor, published)), ...published };
  }

  @Roles('household')
  @Post('dividend-runs/:id/objections')
  @ApiSuccess(201, 'The objection filed')
  @ApiWrite()
  @ApiErrors(404, 422)
  object(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: PlanObjectionDto) {
    return this.plans.object(actor, id, dto.reason);
  }

  @Roles(...READERS)
  @Get('dividend-runs/:id/objections')
  @ApiSuccess(200, 'The objections to the plan')
  @ApiErrors(400, 404)
  objections(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.plans.list(actor, id);
  }

  @Roles('cadre')
  @Post('plan-objections/:id/answer')
  @HttpCode(200)
  @ApiSuccess(200, 'The answered objection')
  @ApiWrite()
  @ApiErrors(404, 422)
  answer(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: AnswerObjectionDto) {
    return this.plans.answer(actor, id, dto.answer);
  }
}
