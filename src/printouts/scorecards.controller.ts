import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';
import { UUID_PARAM } from '../common/params.js';
import { optionalYear } from '../scoring/query-params.js';
import { ScoringService } from '../scoring/scoring.service.js';
import type { ScorecardView } from '../scoring/views.js';
import { VillageAccess } from '../common/village-access.js';
import { scorecardsHtml, scorecardsXlsx } from './scorecards.js';

/**
 * The village's scorecards of a year as JSON, or printed for publicity (HTML, xlsx). Here rather than in
 * scoring/ so that scoring does not depend on the printouts that depend on it.
 */
@ApiTags('scoring')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class ScorecardsController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly access: VillageAccess,
    private readonly dataSource: DataSource,
  ) {}

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
  ): Promise<ScorecardView[] | StreamableFile | string> {
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
    const window = await this.scoring.latestWindow(this.dataSource.manager, villageId, y);
    reply.header('content-type', 'text/html; charset=utf-8');
    return scorecardsHtml(village.name, y, rows, window);
  }
}
