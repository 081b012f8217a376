import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM } from '../common/params.js';
import { isIsoDate } from '../common/validation.js';
import { bookHtml, bookXlsx, voucherHtml } from './books.js';
import { BooksService } from './books.service.js';
import { voucherPdf } from './pdf.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BOOK_READERS = ['admin', 'accountant', 'cadre', 'auditor'] as const;

function date(value: unknown, fallback: string, field: string): string {
  if (value === undefined || value === '') return fallback;
  if (!isIsoDate(value)) {
    throw badInput('BAD_DATE', `${field}: 日期须为 YYYY-MM-DD`, `${field} must be a date YYYY-MM-DD`);
  }
  return value;
}

/** The books a township auditor asks for: 记账凭证, 现金/银行存款日记账, 总账/明细账. */
@ApiTags('books')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId')
export class BooksController {
  constructor(private readonly books: BooksService) {}

  @Roles(...BOOK_READERS)
  @Get('journal/:entryId/voucher')
  @ApiSuccess(200, 'The voucher as HTML or PDF', undefined, 'text/html')
  @ApiErrors(400, 404)
  @ApiQueryParam('format', ['html', 'pdf'])
  async voucher(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('entryId', UUID_PARAM) entryId: string,
    @Query('format') format: unknown,
    @Res() reply: FastifyReply,
  ) {
    if (format !== undefined && format !== 'html' && format !== 'pdf') {
      throw badInput('BAD_FORMAT', 'format: 须为 html 或 pdf', 'format must be html or pdf');
    }
    const model = await this.books.voucher(actor, villageId, entryId);
    if (format !== 'pdf') {
      reply.header('content-type', 'text/html; charset=utf-8').send(voucherHtml(model));
      return;
    }
    const name = `${model.villageName}记账凭证${model.voucherNo}.pdf`;
    reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('inline', name, `voucher-${model.seq}.pdf`))
      .send(await voucherPdf(model));
  }

  @Roles(...BOOK_READERS)
  @Get('books/:account')
  @ApiSuccess(200, 'The account book as HTML or xlsx', undefined, 'text/html')
  @ApiErrors(400, 404)
  @ApiQueryParam('from', 'date')
  @ApiQueryParam('to', 'date')
  @ApiQueryParam('format', ['html', 'xlsx'])
  async book(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('account') account: string,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('format') format: unknown,
    @Res() reply: FastifyReply,
  ) {
    const code = { cash: '101', bank: '102' }[account] ?? account;
    if (!/^\d{3,16}$/.test(code)) {
      throw badInput('BAD_ACCOUNT', 'account: 科目编码须为数字或 cash/bank', 'account must be digits, cash or bank');
    }
    if (format !== undefined && format !== 'html' && format !== 'xlsx') {
      throw badInput('BAD_FORMAT', 'format: 须为 html 或 xlsx', 'format must be html or xlsx');
    }
    const model = await this.books.book(
      actor,
      villageId,
      code,
      date(from, '2000-01-01', 'from'),
      date(to, '2100-12-31', 'to'),
    );
    if (format !== 'xlsx') {
      reply.header('content-type', 'text/html; charset=utf-8').send(bookHtml(model));
      return;
    }
    const name = `${model.villageName}${model.title}${model.accountCode}.xlsx`;
    reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition('attachment', name, `book-${model.accountCode}.xlsx`))
      .send(await bookXlsx(model));
  }
}
