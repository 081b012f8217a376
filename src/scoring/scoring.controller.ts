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

function optionalYear(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw badInput('BAD_YEAR', 'year: 须为2000–2100的整数', 'year must be an integer 2000–2100');
  }
  return assertYear(Number(value));
}

@ApiTags('scoring')
@ApiBearerAuth()
@Controller()
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly access: VillageAccess,
    private readonly dataSource: DataSource,
  ) {}

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets')
  createRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateRuleSetDto,
  ) {
    return this.scoring.createRuleSet(actor, villageId, dto);
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-rulesets/copy')
  copyRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CopyRuleSetDto,
  ) {
    return this.scoring.copyRuleSet(actor, villageId, dto.fromYear, dto.toYear);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets')
  listRuleSets(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.scoring.listRuleSets(actor, villageId);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-rulesets/:year')
  getRuleSet(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('year', YEAR_PARAM) year: number,
  ) {
    return this.scoring.getRuleSet(actor, villageId, assertYear(year));
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events')
  record(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string, @Body() dto: ScoreEventDto) {
    return this.scoring.recordEvent(actor, villageId, dto);
  }

  @Roles('cadre', 'scorer')
  @Post('villages/:villageId/score-events/bulk')
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
  async import(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.scoring.importSheet(actor, villageId, await uploadedFile(request));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-events')
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
  approve(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: OptionalReasonDto) {
    return this.scoring.decide(actor, id, 'approved', dto?.reason);
  }

  @Roles('cadre', 'scorer')
  @Post('score-events/:id/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decide(actor, id, 'rejected', dto.reason);
  }

  @Roles('household', 'cadre')
  @Post('score-events/:id/objections')
  object(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.object(actor, id, dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/uphold')
  @HttpCode(200)
  uphold(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decideObjection(actor, id, 'upheld', dto.reason);
  }

  @Roles('cadre')
  @Post('objections/:id/dismiss')
  @HttpCode(200)
  dismiss(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ScoreReasonDto) {
    return this.scoring.decideObjection(actor, id, 'dismissed', dto.reason);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/objections')
  objections(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ) {
    return this.scoring.listObjections(actor, villageId, optionalYear(year));
  }

  @Roles('admin', 'cadre')
  @Post('villages/:villageId/score-publicity')
  publicity(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: PublicityDto,
  ) {
    return this.scoring.openPublicity(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/score-publicity')
  publicityWindows(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('year') year?: unknown,
  ) {
    return this.scoring.listPublicity(actor, villageId, optionalYear(year));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/scorecards')
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
