import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { scorecardsHtml, scorecardsXlsx } from '../printouts/scorecards.js';
import { latestPublicityWindow } from './scoring.entity.js';
import { DataSource } from 'typeorm';
import { type Actor, CurrentActor, READERS, Roles } from '../auth/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM, YEAR_PARAM, assertYear, parseLimit } from '../common/params.js';
import { uploadedFile } from '../common/upload.js';
import { VillageAccess } from '../villages/village-access.service.js';
import {
  BulkScoreEventsDto,
  CopyRuleSetDto,
  CreateRuleSetDto,
  OptionalReasonDto,
  PublicityDto,
  ScoreReasonDto,
  ScoreEventDto,
} from './dto.js';
import { ScoringService } from './scoring.service.js';
import {
  ApiAuthErrors,
  ApiErrors,
  ApiPaging,
  ApiQueryParam,
  ApiSuccess,
  ApiUpload,
  ApiWrite,
} from '../common/openapi.js';

function optionalYear(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw badInput('BAD_YEAR', 'year: 须为2000–2100的整数', 'year must be an integer 2000–2100');
  }
  return assertYear(Number(value));
}

@ApiTags('scoring')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly access: VillageAccess,
    private readonly dataSource: DataSource,
  ) {}

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets')
  @ApiSuccess(201, 'The new rule set')
  @ApiWrite()
  @ApiErrors(404, 422)
  createRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateRuleSetDto,
  ) {
    return this.scoring.createRuleSet(actor, villageId, dto);
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets/copy')
  @ApiSuccess(201, 'The copied rule set')
  @ApiWrite()
  @ApiErrors(404, 422)
  copyRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CopyRuleSetDto,
  ) {
    return this.scoring.copyRuleSet(actor, villageId, dto.fromYear, dto.toYear);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets')
  @ApiSuccess(200, 'The rule sets of the village')
  @ApiErrors(400, 404)
  listRuleSets(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.scoring.listRuleSets(actor, villageId);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets/:year')
  @ApiSuccess(200, 'The rule set of the year')
  @ApiErrors(400, 404)
  getRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('year', YEAR_PARAM) year: number,
  ) {
    return this.scoring.getRuleSet(actor, villageId, assertYear(year));
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events')
  @ApiSuccess(201, 'The score event recorded')
  @ApiWrite()
  @ApiErrors(404, 422)
  record(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string, @Body() dto: ScoreEventDto) {
    return this.scoring.recordEvent(actor, villageId, dto);
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events/bulk')
  @ApiSuccess(201, 'The score events recorded')
  @ApiWrite()
  @ApiErrors(404, 422)
  bulk(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: BulkScoreEventsDto,
  ) {
    return this.scoring.recordBulk(actor, villageId, dto.events);
  }

  @Roles('cadre', 'scorer')
  @ApiConsumes('multipart/form-data')
  @Post('villages/:villageId/score-events/import')
  @ApiSuccess(201, 'The score events imported')
  @ApiWrite()
  @ApiErrors(404, 422)
  @ApiUpload()
  async import(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.scoring.importSheet(actor, villageId, await uploadedFile(request));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-events')
  @ApiSuccess(200, 'Score events')
  @ApiErrors(400, 404)
  @ApiQueryParam('householdId', 'string', 'UUID')
  @ApiQueryParam('status', ['pending', 'approved', 'rejected'])
  @ApiQueryParam('year', 'integer')
  @ApiPaging(100_000)
  list(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query() query: Record<string, unknown>,
  ) {
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
    return this.scoring.listEvents(actor, villageId, {
      year: optionalYear(query.year),
      status: status as string | undefined,
      householdId: householdId as string | undefined,
      limit: parseLimit(query.limit, 1000, 100_000),
    });
  }

  @Roles('cadre', 'scorer')
  @Post('score-events/:id/approve')
  @HttpCode(200)
  @ApiSuccess(200, 'The approved event')
  @ApiWrite()
  @ApiErrors(404, 422)
  approve(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: OptionalReasonDto) {
    return this.scoring.decide(actor, id, 'approved', dto?.reason);
  }

  @Roles('cadre', 'scorer')
  @Post('score-events/:id/reject')
  @HttpCode(200)
  @ApiSuccess(200, 'The rejected event')
  @ApiWrite()
  @ApiErrors(404, 422)
  reject(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decide(actor, id, 'rejected', dto.reason);
  }

  @Roles('household', 'cadre')
  @Post('score-events/:id/objections')
  @ApiSuccess(201, 'The objection filed')
  @ApiWrite()
  @ApiErrors(404, 422)
  object(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.object(actor, id, dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/uphold')
  @HttpCode(200)
  @ApiSuccess(200, 'The upheld objection')
  @ApiWrite()
  @ApiErrors(404, 422)
  uphold(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decideObjection(actor, id, 'upheld', dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/dismiss')
  @HttpCode(200)
  @ApiSuccess(200, 'The dismissed objection')
  @ApiWrite()
  @ApiErrors(404, 422)
  dismiss(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decideObjection(actor, id, 'dismissed', dto.reason);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/objections')
  @ApiSuccess(200, 'Score objections')
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer')
  objections(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ) {
    return this.scoring.listObjections(actor, villageId, optionalYear(year));
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-publicity')
  @ApiSuccess(201, 'The publicity window opened')
  @ApiWrite()
  @ApiErrors(404, 422)
  publicity(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: PublicityDto,
  ) {
    return this.scoring.openPublicity(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-publicity')
  @ApiSuccess(200, 'Publicity windows')
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer')
  publicityWindows(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ) {
    return this.scoring.listPublicity(actor, villageId, optionalYear(year));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/scorecards')
  @ApiSuccess(200, 'Scorecards (JSON, HTML or xlsx)')
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer')
  @ApiQueryParam('format', ['json', 'html', 'xlsx'])
  async scorecards(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('year') year?: unknown,
    @Query('format') format?: unknown,
  ) {
    const y = optionalYear(year);
    if (y === undefined) throw badInput('YEAR_REQUIRED', 'year: 须指定年份', 'year is required');
    if (format !== undefined && !['json', 'html', 'xlsx'].includes(format as string)) {
      throw badInput('BAD_FORMAT', 'format: 须为 json/html/xlsx', 'format must be json, html or xlsx');
    }
    const rows = await this.scoring.scorecards(actor, villageId, y);
    if (format === undefined || format === 'json') return rows;
    const village = await this.access.village(actor, villageId);
    if (format === 'xlsx') {
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          contentDisposition('attachment', `${village.name}${y}积分.xlsx`, `scores-${y}.xlsx`),
        );
      return new StreamableFile(await scorecardsXlsx(village.name, y, rows));
    }
    const window = await latestPublicityWindow(this.dataSource.manager, villageId, y);
    reply.header('content-type', 'text/html; charset=utf-8');
    return scorecardsHtml(village.name, y, rows, window);
  }
}
