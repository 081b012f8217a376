import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor, READERS, REGISTER_WRITERS, Roles } from '../auth/actor.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM, parseLimit } from '../common/params.js';
import { uploadedFile } from '../common/upload.js';
import { CreateHouseholdDto, MemberStatusDto } from './dto.js';
import { HouseholdsService } from './households.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('households')
@ApiBearerAuth()
@Controller('villages/:villageId/households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Roles(...REGISTER_WRITERS)
  @Post()
  create(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateHouseholdDto,
  ) {
    return this.households.create(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get()
  list(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('q') q?: unknown,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ) {
    return this.households.list(actor, villageId, {
      q: typeof q === 'string' ? q.slice(0, 64) : undefined,
      limit: parseLimit(limit, 100_000, 100_000),
      offset: offset === undefined ? 0 : parseLimit(offset, 0, 10_000_000),
    });
  }

  @Roles(...REGISTER_WRITERS)
  @ApiConsumes('multipart/form-data')
  @Post('import')
  async import(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.households.import(actor, villageId, await uploadedFile(request));
  }

  @Roles(...REGISTER_WRITERS, 'auditor')
  @Get('export.xlsx')
  async export(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Res() reply: FastifyReply,
  ) {
    const { buffer, villageName } = await this.households.exportXlsx(actor, villageId);
    reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition('attachment', `${villageName}花名册.xlsx`, 'roster.xlsx'))
      .send(buffer);
  }

  @Roles(...READERS)
  @Get(':householdId')
  get(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
  ) {
    return this.households.get(actor, villageId, householdId);
  }

  @Roles(...REGISTER_WRITERS)
  @Patch(':householdId/members/:memberId')
  setMemberStatus(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Param('memberId', UUID_PARAM) memberId: string,
    @Body() dto: MemberStatusDto,
  ) {
    return this.households.setMemberStatus(actor, villageId, householdId, memberId, dto);
  }
}
