import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { IdempotentInTransaction } from '../common/idempotency.interceptor.js';
import { UUID_PARAM, YEAR_PARAM, assertYear, parseLimit, parseOffset } from '../common/params.js';
import { isIsoDate } from '../common/validation.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReasonDto } from './dto.js';
import { IdempotencyService } from '../common/idempotency.service.js';
import { LedgerService, entryView } from './ledger.service.js';
import { type JournalFilter, ReportsService } from './reports.service.js';
import { VillageAccess } from '../common/village-access.js';
import { ApiAuthErrors, ApiErrors, ApiPaging, ApiQueryParam, ApiSuccess, ApiWrite } from '../common/openapi.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function dateQuery(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value)) {
    throw badInput('BAD_DATE', `${field}: 日期须为 YYYY-MM-DD`, `${field} must be a date YYYY-MM-DD`);
  }
  return value;
}

/** `year=Y` or `from`/`to` (each optional); both ways at once is ambiguous → 400. */
function reportPeriod(year: unknown, from: unknown, to: unknown): { from: string; to: string } {
  if (year === undefined || year === '') {
    return { from: dateQuery(from, 'from') ?? '2000-01-01', to: dateQuery(to, 'to') ?? '2100-12-31' };
  }
  const y = yearQuery(year);
  if (from !== undefined || to !== undefined) {
    throw badInput('PERIOD_TWICE', 'year: 不能与 from/to 同时给出', 'year cannot be combined with from/to');
  }
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

export function yearQuery(value: unknown): number {
  const y = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(y >= 2000 && y <= 2100)) {
    throw badInput('BAD_YEAR', 'year: 须为2000–2100的整数', 'year must be an integer 2000–2100');
  }
  return y;
}

function xlsxFormat(format: unknown): boolean {
  if (format === undefined || format === 'json') return false;
  if (format === 'xlsx') return true;
  throw badInput('BAD_FORMAT', 'format: 须为 json 或 xlsx', 'format must be json or xlsx');
}

function journalFilter(query: Record<string, unknown>): JournalFilter {
  const account = query.account;
  const kind = query.kind;
  if (account !== undefined && (typeof account !== 'string' || !/^\d{1,16}$/.test(account))) {
    throw badInput('BAD_ACCOUNT', 'account: 科目编码须为数字', 'account must be digits');
  }
  if (kind !== undefined && (typeof kind !== 'string' || !/^[a-z]{1,16}$/.test(kind))) {
    throw badInput('BAD_KIND', 'kind: 类型无效', 'kind is invalid');
  }
  return {
    from: dateQuery(query.from, 'from'),
    to: dateQuery(query.to, 'to'),
    accountCode: account as string | undefined,
    kind: kind as string | undefined,
    limit: parseLimit(query.limit, 500, 10_000),
    offset: parseOffset(query.offset, 100_000_000),
  };
}

@ApiTags('ledger')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly reports: ReportsService,
    private readonly tx: TransactionRunner,
    private readonly idempotency: IdempotencyService,
    private readonly access: VillageAccess,
  ) {}

  @Roles('accountant')
  @Post('journal/:entryId/reverse')
  @IdempotentInTransaction()
  @ApiSuccess(201, 'The reversing entry')
  @ApiWrite()
  @ApiErrors(404, 422)
  reverse(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('entryId', UUID_PARAM) entryId: string,
    @Body() dto: ReasonDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.tx.run((manager) =>
      this.idempotency.once(manager, actor, key, `reverse:${villageId}:${entryId}`, dto, async () => {
        await this.access.village(actor, villageId, manager);
        const entry = await this.ledger.reverseEntry(manager, actor, villageId, entryId, dto.reason);
        return entryView(entry, await this.ledger.linesOf(entry.id, manager));
      }),
    );
  }

  @Roles(...READERS)
  @Get('journal')
  @ApiSuccess(200, 'Journal entries in order')
  @ApiErrors(400, 404)
  @ApiQueryParam('account', 'string')
  @ApiQueryParam('kind', 'string')
  @ApiQueryParam('from', 'date')
  @ApiQueryParam('to', 'date')
  @ApiPaging(100_000)
  journal(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.reports.journal(actor, villageId, journalFilter(query));
  }

  @Roles('admin', 'accountant', 'cadre', 'auditor')
  @Get('journal/export.xlsx')
  @ApiSuccess(
    200,
    'The journal as xlsx',
    undefined,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  @ApiErrors(400, 404)
  @ApiQueryParam('account', 'string')
  @ApiQueryParam('kind', 'string')
  @ApiQueryParam('from', 'date')
  @ApiQueryParam('to', 'date')
  async journalXlsx(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const filter = { ...journalFilter(query), limit: 1_000_000 };
    const village = await this.access.village(actor, villageId);
    const buffer = await this.reports.journalXlsx(actor, villageId, filter);
    reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition('attachment', `${village.name}序时账.xlsx`, 'journal.xlsx'))
      .send(buffer);
  }

  @Roles('admin', 'accountant', 'cadre', 'auditor')
  @Get('journal/export.beancount')
  @ApiSuccess(200, 'The ledger as a beancount file', undefined, 'text/plain')
  @ApiErrors(400, 404)
  async beancount(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Res() reply: FastifyReply,
  ) {
    const village = await this.access.village(actor, villageId);
    const file = await this.reports.beancount(actor, villageId);
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${village.name}.beancount`, 'ledger.beancount'))
      .send(file);
  }

  @Roles(...READERS)
  @Get('ledger/verify')
  @ApiSuccess(200, 'The hash chain check')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  @ApiQueryParam('seq', 'integer', 'a published head: its seq', { minimum: 1 })
  @ApiQueryParam('hash', 'string', 'a published head: its hash')
  verify(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('seq') seq?: unknown,
    @Query('hash') hash?: unknown,
  ) {
    return this.ledger.verify(actor, villageId, this.ledger.assertPublishedHead(seq, hash));
  }

  @Roles(...READERS)
  @Get('ledger/head')
  @ApiSuccess(200, 'The last entry: seq and hash')
  @ApiErrors(400, 404)
  async head(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    await this.access.village(actor, villageId);
    return this.ledger.head(villageId);
  }

  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get('reports/trial-balance')
  @ApiSuccess(200, 'The trial balance (JSON or xlsx)')
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer', 'the year Y: from Y-01-01 to Y-12-31 (not with from/to)', {
    minimum: 2000,
    maximum: 2100,
  })
  @ApiQueryParam('from', 'date')
  @ApiQueryParam('to', 'date')
  @ApiQueryParam('format', ['json', 'xlsx'])
  async trialBalance(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('year') year?: unknown,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('format') format?: unknown,
  ) {
    const xlsx = xlsxFormat(format);
    const period = reportPeriod(year, from, to);
    const report = await this.reports.trialBalance(actor, villageId, period.from, period.to);
    if (!xlsx) return report;
    const village = await this.access.village(actor, villageId);
    reply
      .header('content-type', XLSX)
      .header(
        'content-disposition',
        contentDisposition('attachment', `${village.name}科目余额表.xlsx`, 'trial-balance.xlsx'),
      );
    const n = (yuan: string) => Number(yuan);
    return new StreamableFile(
      await this.reports.tableXlsx(
        { villageName: village.name, title: '科目余额表' },
        ['科目编码', '科目名称', '期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方'],
        report.items.map((i) => [
          i.accountCode,
          i.accountName,
          n(i.openingDebit),
          n(i.openingCredit),
          n(i.debit),
          n(i.credit),
          n(i.closingDebit),
          n(i.closingCredit),
        ]),
      ),
    );
  }

  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get('reports/income/:year')
  @ApiSuccess(200, 'The income report of the year (JSON or xlsx)')
  @ApiErrors(400, 404)
  @ApiQueryParam('format', ['json', 'xlsx'])
  async income(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('year', YEAR_PARAM) year: number,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('format') format?: unknown,
  ) {
    const xlsx = xlsxFormat(format);
    const report = await this.reports.incomeByYear(actor, villageId, assertYear(year));
    if (!xlsx) return report;
    const village = await this.access.village(actor, villageId);
    reply
      .header('content-type', XLSX)
      .header(
        'content-disposition',
        contentDisposition('attachment', `${village.name}${year}收入.xlsx`, `income-${year}.xlsx`),
      );
    return new StreamableFile(
      await this.reports.tableXlsx(
        { villageName: village.name, title: `${year}收入` },
        ['类别/来源', '金额'],
        [
          ...report.byCategory.map((c) => [`类别：${c.category}`, Number(c.amount)]),
          ...report.bySource.map((c) => [`来源：${c.sourceCode}`, Number(c.amount)]),
        ],
      ),
    );
  }

  @Roles('accountant', 'cadre')
  @Post('years/:year/close')
  @HttpCode(200)
  @ApiSuccess(200, 'The year closed')
  @ApiWrite()
  @ApiErrors(404, 422)
  close(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('year', YEAR_PARAM) year: number,
  ) {
    return this.ledger.closeYear(actor, villageId, assertYear(year));
  }
}
