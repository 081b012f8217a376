import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM } from '../common/params.js';
import { certificateHtml } from './certificate.js';
import { CertificateService } from './certificate.service.js';
import { certificatePdf } from './pdf.js';
import { TYPES, format } from './printouts.controller.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';

@ApiTags('printouts')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId/households')
export class CertificateController {
  constructor(private readonly certificates: CertificateService) {}

  /**
   * The household's 股权证: `html` (default) and `pdf` to print, `json` for the content and its SHA-256
   * (recompute: SHA-256 of the canonical JSON of `content`).
   */
  @Roles(...READERS)
  @Get(':householdId/certificate')
  @ApiSuccess(200, 'The share certificate as HTML, PDF or JSON')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  @ApiQueryParam('format', ['html', 'pdf', 'json'])
  async certificate(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Query('format') f: unknown,
    @Res() reply: FastifyReply,
  ) {
    const kind = format(f, ['html', 'pdf', 'json']);
    const model = await this.certificates.model(actor, villageId, householdId);
    reply.header('content-type', TYPES[kind]);
    if (kind === 'pdf') {
      const { villageName, householdCode } = model.content;
      reply
        .header(
          'content-disposition',
          contentDisposition('inline', `${villageName}股权证-${householdCode}.pdf`, `certificate-${householdCode}.pdf`),
        )
        .send(await certificatePdf(model));
      return;
    }
    reply.send(kind === 'json' ? model : certificateHtml(model));
  }
}
