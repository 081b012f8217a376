import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';
import { assertYear } from '../common/params.js';
import { Clock } from '../common/clock.js';
import { format, TYPES } from '../printouts/printouts.controller.js';
import { summaryHtml, summaryXlsx } from './summary.js';
import { TownshipService } from './township.service.js';

function yearQuery(value: unknown, clock: Clock): number {
  if (value === undefined || value === '') return Number(clock.todayIso().slice(0, 4));
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw badInput('BAD_YEAR', 'year: 须为2000–2100的整数', 'year must be an integer 2000–2100');
  }
  return assertYear(Number(value));
}

function townshipParam(value: string): string {
  if (value.length === 0 || value.length > 64) {
    throw badInput('BAD_TOWNSHIP', 'township: 长度须为1–64', 'township must be 1–64 characters');
  }
  return value;
}

@ApiTags('township')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('townships')
export class TownshipController {
  constructor(
    private readonly township: TownshipService,
    private readonly clock: Clock,
  ) {}

  /** 乡镇汇总表: the villages of a township (those the user may read) with the year's figures and totals. */
  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get(':township/summary')
  @ApiSuccess(
    200,
    'Per village: income, expenses, distributable, pool, paid, unpaid, ledger head; and totals (JSON, HTML or xlsx)',
  )
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer', 'default: this year', { minimum: 2000, maximum: 2100 })
  @ApiQueryParam('format', ['json', 'html', 'xlsx'])
  async summary(
    @CurrentActor() actor: Actor,
    @Param('township') township: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('year') year?: unknown,
    @Query('format') f?: unknown,
  ) {
    const kind = format(f, ['json', 'html', 'xlsx']);
    const summary = await this.township.summary(actor, townshipParam(township), yearQuery(year, this.clock));
    if (kind === 'json') return summary;
    reply.header('content-type', TYPES[kind]);
    if (kind === 'html') return summaryHtml(summary, this.township.printedAt());
    const stem = `${summary.township}${summary.year}年度汇总表`;
    reply.header('content-disposition', contentDisposition('attachment', `${stem}.xlsx`, `township-summary.xlsx`));
    return summaryXlsx(summary);
  }
}
