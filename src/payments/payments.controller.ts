import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess, ApiUpload, ApiWrite } from '../common/openapi.js';
import { UUID_PARAM } from '../common/params.js';
import { uploadedFile } from '../common/upload.js';
import { BankBatchService, type BatchFormat } from './bank-batch.service.js';
import { PaymentDto, ReversePaymentDto } from './dto.js';
import { PaymentsService } from './payments.service.js';
import { BATCH_RESULT_SCHEMA, PAYMENT_LIST_SCHEMA, PAYMENT_RECORDED_SCHEMA } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 兑付: payments of a posted run, their reversal, the bank batch (代发) and the bank's return. */
@ApiTags('payments')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('dividend-runs/:id/payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly batches: BankBatchService,
  ) {}

  @Roles('accountant')
  @Post()
  @ApiSuccess(201, 'The payment recorded', PAYMENT_RECORDED_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  pay(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: PaymentDto) {
    return this.payments.record(actor, id, dto);
  }

  @Roles(...READERS)
  @Get()
  @ApiSuccess(200, 'Per household: amount, paid, owed, status; the unpaid list; the payments', PAYMENT_LIST_SCHEMA)
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.payments.list(actor, id);
  }

  @Roles('accountant')
  @Get('batch')
  @ApiSuccess(200, 'The bank batch file (代发): XLSX or CSV', undefined, XLSX)
  @ApiErrors(400, 404, 422)
  @ApiQueryParam('format', 'string', 'xlsx (default) or csv')
  async batch(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Res() reply: FastifyReply,
    @Query('format') format?: unknown,
  ) {
    const kind = parseFormat(format);
    const file = await this.batches.exportBatch(actor, id, kind);
    reply
      .header('content-type', kind === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
      .header('content-disposition', contentDisposition('attachment', `${file.name}.${kind}`, `batch.${kind}`))
      .header('x-batch-households', String(file.households))
      .header('x-households-without-account', String(file.withoutAccount))
      .send(file.body);
  }

  @Roles('accountant')
  @ApiConsumes('multipart/form-data')
  @Post('batch-result')
  @ApiSuccess(201, "The bank's return recorded: {paid, failed, errors}", BATCH_RESULT_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  @ApiUpload()
  async batchResult(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Req() request: FastifyRequest) {
    return this.batches.importResult(actor, id, () => uploadedFile(request));
  }

  @Roles('accountant')
  @Post(':paymentId/reverse')
  @ApiSuccess(201, 'The payment reversal recorded')
  @ApiWrite()
  @ApiErrors(404, 422)
  reverse(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Param('paymentId', UUID_PARAM) paymentId: string,
    @Body() dto: ReversePaymentDto,
  ) {
    return this.payments.reverse(actor, id, paymentId, dto.reason);
  }
}

function parseFormat(format: unknown): BatchFormat {
  if (format === undefined || format === 'xlsx') return 'xlsx';
  if (format === 'csv') return 'csv';
  throw badInput('BAD_FORMAT', 'format: 须为 xlsx 或 csv', 'format must be xlsx or csv');
}
