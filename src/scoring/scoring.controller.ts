import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { UUID_PARAM, YEAR_PARAM, assertYear, parseLimit } from '../common/params.js';
import { uploadedFile } from '../common/upload.js';
import {
  BulkScoreEventsDto,
  CopyRuleSetDto,
  CreateRuleSetDto,
  OptionalReasonDto,
  PublicityDto,
  ScoreReasonDto,
  ScoreEventDto,
} from './dto.js';
import { PublicityService } from './publicity.service.js';
import { optionalYear } from './query-params.js';
import {
  BULK_RECORDED_SCHEMA,
  DECIDED_OBJECTION_SCHEMA,
  OBJECTION_LIST_SCHEMA,
  OBJECTION_SCHEMA,
  RULE_SET_DETAIL_SCHEMA,
  RULE_SET_LIST_SCHEMA,
  RULE_SET_SCHEMA,
  SCORE_EVENT_LIST_SCHEMA,
  SCORE_EVENT_SCHEMA,
  WINDOW_LIST_SCHEMA,
  WINDOW_SCHEMA,
} from './schemas.js';
import { RuleSetsService } from './rule-sets.service.js';
import { ScoreEventsService } from './score-events.service.js';
import type { Objection } from './scoring.entity.js';
import type {
  BulkRecorded,
  DecidedObjection,
  ObjectionList,
  RuleSetDetail,
  RuleSetList,
  RuleSetView,
  ScoreEventList,
  ScoreEventView,
  WindowList,
  WindowView,
} from './views.js';
import {
  ApiAuthErrors,
  ApiErrors,
  ApiPaging,
  ApiQueryParam,
  ApiSuccess,
  ApiUpload,
  ApiWrite,
} from '../common/openapi.js';

@ApiTags('scoring')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class ScoringController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly events: ScoreEventsService,
    private readonly windows: PublicityService,
  ) {}

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets')
  @ApiSuccess(201, 'The new rule set', RULE_SET_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  createRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateRuleSetDto,
  ): Promise<RuleSetView> {
    return this.ruleSets.createRuleSet(actor, villageId, dto);
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets/copy')
  @ApiSuccess(201, 'The copied rule set', RULE_SET_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  copyRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CopyRuleSetDto,
  ): Promise<RuleSetView> {
    return this.ruleSets.copyRuleSet(actor, villageId, dto.fromYear, dto.toYear);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets')
  @ApiSuccess(200, 'The rule sets of the village', RULE_SET_LIST_SCHEMA)
  @ApiErrors(400, 404)
  listRuleSets(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string): Promise<RuleSetList> {
    return this.ruleSets.listRuleSets(actor, villageId);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets/:year')
  @ApiSuccess(200, 'The rule set of the year', RULE_SET_DETAIL_SCHEMA)
  @ApiErrors(400, 404)
  getRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('year', YEAR_PARAM) year: number,
  ): Promise<RuleSetDetail> {
    return this.ruleSets.getRuleSet(actor, villageId, assertYear(year));
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events')
  @ApiSuccess(201, 'The score event recorded', SCORE_EVENT_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  record(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: ScoreEventDto,
  ): Promise<ScoreEventView> {
    return this.events.recordEvent(actor, villageId, dto);
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events/bulk')
  @ApiSuccess(201, 'The score events recorded', BULK_RECORDED_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  bulk(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: BulkScoreEventsDto,
  ): Promise<BulkRecorded> {
    return this.events.recordBulk(actor, villageId, dto.events);
  }

  @Roles('cadre', 'scorer')
  @ApiConsumes('multipart/form-data')
  @Post('villages/:villageId/score-events/import')
  @ApiSuccess(201, 'The score events imported', BULK_RECORDED_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  @ApiUpload()
  async import(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ): Promise<BulkRecorded> {
    return this.events.importSheet(actor, villageId, await uploadedFile(request));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-events')
  @ApiSuccess(200, 'Score events', SCORE_EVENT_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('householdId', 'string', 'UUID')
  @ApiQueryParam('status', ['pending', 'approved', 'rejected'])
  @ApiQueryParam('year', 'integer')
  @ApiPaging(100_000)
  list(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<ScoreEventList> {
    const status = query.status;
    if (status !== undefined && !['pending', 'approved', 'rejected'].includes(status as string)) {
      throw badInput(
        'BAD_STATUS',
        'status: 须为 pending/approved/rejected',
        'status must be pending, approved or rejected',
      );
    }
    const householdId = query.householdId;
    if (householdId !== undefined && (typeof householdId !== 'string' || !/^[0-9a-f-]{36}$/i.test(householdId))) {
      throw badInput('BAD_ID', 'householdId: 须为UUID', 'householdId must be a UUID');
    }
    return this.events.listEvents(actor, villageId, {
      year: optionalYear(query.year),
      status: status as string | undefined,
      householdId: householdId as string | undefined,
      limit: parseLimit(query.limit, 1000, 100_000),
    });
  }

  @Roles('cadre', 'scorer')
  @Post('score-events/:id/approve')
  @HttpCode(200)
  @ApiSuccess(200, 'The approved event', SCORE_EVENT_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: OptionalReasonDto,
  ): Promise<ScoreEventView> {
    return this.events.decide(actor, id, 'approved', dto?.reason);
  }

  @Roles('cadre', 'scorer')
  @Post('score-events/:id/reject')
  @HttpCode(200)
  @ApiSuccess(200, 'The rejected event', SCORE_EVENT_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ScoreReasonDto,
  ): Promise<ScoreEventView> {
    return this.events.decide(actor, id, 'rejected', dto.reason);
  }

  @Roles('household', 'cadre')
  @Post('score-events/:id/objections')
  @ApiSuccess(201, 'The objection filed', OBJECTION_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  object(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ScoreReasonDto,
  ): Promise<Objection> {
    return this.windows.object(actor, id, dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/uphold')
  @HttpCode(200)
  @ApiSuccess(200, 'The upheld objection', DECIDED_OBJECTION_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  uphold(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ScoreReasonDto,
  ): Promise<DecidedObjection> {
    return this.windows.decideObjection(actor, id, 'upheld', dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/dismiss')
  @HttpCode(200)
  @ApiSuccess(200, 'The dismissed objection', DECIDED_OBJECTION_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  dismiss(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Body() dto: ScoreReasonDto,
  ): Promise<DecidedObjection> {
    return this.windows.decideObjection(actor, id, 'dismissed', dto.reason);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/objections')
  @ApiSuccess(200, 'Score objections', OBJECTION_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer')
  objections(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ): Promise<ObjectionList> {
    return this.windows.listObjections(actor, villageId, optionalYear(year));
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-publicity')
  @ApiSuccess(201, 'The publicity window opened', WINDOW_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  publicity(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: PublicityDto,
  ): Promise<WindowView> {
    return this.windows.openPublicity(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-publicity')
  @ApiSuccess(200, 'Publicity windows', WINDOW_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer')
  publicityWindows(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ): Promise<WindowList> {
    return this.windows.listPublicity(actor, villageId, optionalYear(year));
  }
}
