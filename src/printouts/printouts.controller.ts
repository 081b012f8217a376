import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM } from '../common/params.js';
import { PrintoutsService } from './printouts.service.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';

export const TYPES = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function format<K extends keyof typeof TYPES>(value: unknown, allowed: K[]): K {
  if (value === undefined || value === '') return allowed[0];
  if (typeof value !== 'string' || !allowed.includes(value as K)) {
    throw badInput(
      'BAD_FORMAT',
      `format: 须为 ${allowed.join('/')} 之一`,
      `format must be one of ${allowed.join(', ')}`,
    );
  }
  return value as K;
}

@ApiTags('printouts')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('dividend-runs/:id')
export class PrintoutsController {
  constructor(private readonly printouts: PrintoutsService) {}

  @Roles(...READERS)
  @Get('slips/:householdId')
  @ApiSuccess(200, 'The household slip as HTML or PDF', undefined, 'text/html')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  @ApiQueryParam('format', ['html', 'pdf'])
  async slip(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Query('format') f: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const kind = format(f, ['html', 'pdf']);
    const baseUrl = this.printouts.baseUrl(request);
    if (kind === 'html') {
      reply.header('content-type', TYPES.html).send(await this.printouts.slipHtml(actor, id, householdId, baseUrl));
      return;
    }
    const pdf = await this.printouts.slipsPdf(actor, id, baseUrl, [householdId]);
    const stem = await this.printouts.slipsFileStem(actor, id);
    reply
      .header('content-type', TYPES.pdf)
      .header('content-disposition', contentDisposition('inline', `${stem}.pdf`, 'slip.pdf'))
      .send(pdf);
  }

  @Roles('admin', 'accountant', 'cadre', 'auditor')
  @Get('slips')
  @ApiSuccess(200, 'All slips as one PDF or a zip', undefined, 'application/pdf')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  @ApiQueryParam('format', ['pdf', 'zip'])
  async allSlips(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Query('format') f: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (f !== undefined && f !== 'pdf' && f !== 'zip') {
      throw badInput('BAD_FORMAT', 'format: 须为 pdf 或 zip', 'format must be pdf or zip');
    }
    const fallback = `slips-${id.slice(0, 8)}`;
    if (f === 'zip') {
      const zip = await this.printouts.slipsZip(actor, id, this.printouts.baseUrl(request));
      const stem = await this.printouts.slipsFileStem(actor, id);
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition('attachment', `${stem}.zip`, `${fallback}.zip`))
        .send(zip);
      return;
    }
    const stem = await this.printouts.slipsFileStem(actor, id);
    const pdf = await this.printouts.slipsPdfStream(actor, id, this.printouts.baseUrl(request));
    reply
      .header('content-type', TYPES.pdf)
      .header('content-disposition', contentDisposition('attachment', `${stem}.pdf`, `${fallback}.pdf`))
      .send(pdf);
  }

  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get('notice')
  @ApiSuccess(200, 'The public notice as HTML, PDF or xlsx', undefined, 'text/html')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  @ApiQueryParam('format', ['html', 'pdf', 'xlsx'])
  async notice(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Query('format') f: unknown,
    @Res() reply: FastifyReply,
  ) {
    const kind = format(f, ['html', 'pdf', 'xlsx']);
    const { body, fileStem } = await this.printouts.notice(actor, id, kind);
    reply.header('content-type', TYPES[kind]);
    if (kind !== 'html') {
      const disposition = kind === 'pdf' ? 'inline' : 'attachment';
      reply.header('content-disposition', contentDisposition(disposition, `${fileStem}.${kind}`, `notice.${kind}`));
    }
    reply.send(body);
  }
}
