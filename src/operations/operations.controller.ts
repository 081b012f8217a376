import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { type Actor, CurrentActor, Roles } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiAuthErrors, ApiErrors, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { BackupService } from './backup.service.js';

const HEAD = {
  type: 'object',
  properties: { villageCode: { type: 'string' }, seq: { type: 'integer' }, hash: { type: 'string' } },
};
const BACKUP = {
  type: 'object',
  required: ['name', 'at', 'bytes', 'heads'],
  properties: {
    name: { type: 'string', example: 'ledger-2026-06-15_16-00-00.sqlite' },
    at: { type: 'string', format: 'date-time' },
    bytes: { type: 'integer' },
    heads: { type: 'array', items: HEAD },
    audit: { type: 'object', properties: { seq: { type: 'integer' }, hash: { type: 'string' } } },
    verified: { type: 'boolean' },
    problems: { type: 'array', items: { type: 'string' } },
    durationMs: { type: 'integer' },
  },
};

@ApiTags('operations')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('admin/backups')
export class OperationsController {
  constructor(
    private readonly backups: BackupService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  @Roles('admin')
  @Post()
  @HttpCode(201)
  @ApiSuccess(201, 'A verified online copy of the SQLite database in BACKUP_DIR', BACKUP)
  @ApiErrors(422)
  @ApiWrite()
  async create(@CurrentActor() actor: Actor) {
    const info = await this.backups.create();
    await this.tx.run((manager) =>
      this.audit.record(manager, actor, {
        action: 'backup.create',
        target: info.name,
        summary: { bytes: info.bytes, verified: info.verified, heads: info.heads, audit: info.audit },
      }),
    );
    return info;
  }

  @Roles('admin')
  @Get()
  @ApiSuccess(200, 'The backups in BACKUP_DIR, newest first', {
    type: 'object',
    properties: { items: { type: 'array', items: BACKUP } },
  })
  list() {
    return { items: this.backups.list() };
  }

  @Roles('admin')
  @Get(':name')
  @ApiSuccess(200, 'The backup file', undefined, 'application/vnd.sqlite3')
  @ApiErrors(400, 404)
  download(@Param('name') name: string, @Res() reply: FastifyReply) {
    const file = this.backups.file(name);
    return reply
      .header('content-type', 'application/vnd.sqlite3')
      .header('content-length', String(file.bytes))
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file.path));
  }
}
