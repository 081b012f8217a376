import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { parseLimit } from '../common/params.js';
import { VillageAccess } from '../common/village-access.js';
import { AuditService, type ChainCheck } from './audit.service.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess } from '../common/openapi.js';
import { AUDIT_LIST_SCHEMA, CHAIN_CHECK_SCHEMA } from './schemas.js';

/** An audit record as listed: its summary parsed back from canonical JSON. */
export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  actorId: string | null;
  role: string | null;
  action: string;
  target: string | null;
  villageId: string | null;
  requestId: string | null;
  ip: string | null;
  summary: unknown;
  hash: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
  ) {}

  @Roles('admin', 'auditor')
  @Get()
  @ApiSuccess(200, 'Audit log entries, newest first', AUDIT_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('villageId', 'string', 'only this village (UUID)')
  @ApiQueryParam('limit', 'integer', undefined, { minimum: 1 })
  async list(
    @CurrentActor() actor: Actor,
    @Query('villageId') villageId?: unknown,
    @Query('limit') limit?: unknown,
  ): Promise<{ items: AuditEntryView[] }> {
    if (
      villageId !== undefined &&
      villageId !== '' &&
      (typeof villageId !== 'string' || !/^[0-9a-f-]{36}$/i.test(villageId))
    ) {
      throw badInput('BAD_VILLAGE_ID', 'villageId: 须为UUID', 'villageId must be a UUID');
    }
    if (typeof villageId === 'string' && villageId) await this.access.village(actor, villageId);
    const villageIds =
      typeof villageId === 'string' && villageId ? [villageId] : actor.allVillages ? null : actor.villageIds;
    const rows = await this.audit.list({ villageIds, limit: parseLimit(limit, 100, 1000) });
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        actorId: r.actorId,
        role: r.role,
        action: r.action,
        target: r.target,
        villageId: r.villageId,
        requestId: r.requestId,
        ip: r.ip,
        summary: JSON.parse(r.summary) as unknown,
        hash: r.hash,
      })),
    };
  }

  @Roles('admin', 'auditor')
  @Get('verify')
  @ApiSuccess(200, 'The audit hash chain check', CHAIN_CHECK_SCHEMA)
  verify(): Promise<ChainCheck> {
    return this.audit.verify();
  }
}
