import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor, READERS, REGISTER_WRITERS, Roles } from '../common/actor.js';
import { contentDisposition } from '../common/export-text.js';
import { UUID_PARAM, parseLimit, parseOffset } from '../common/params.js';
import { isIsoDate } from '../common/dates.js';
import { badInput } from '../common/errors/domain-error.js';
import { uploadedFile } from '../common/upload.js';
import { truncateText } from '../common/text.js';
import {
  AddMemberDto,
  CreateHouseholdDto,
  SetHeadDto,
  SplitHouseholdDto,
  UpdateHouseholdDto,
  UpdateMemberDto,
} from './dto.js';
import { MEMBER_STATUSES, type MemberStatus } from './household.entity.js';
import { RegisterService } from './register.service.js';
import { HouseholdsService } from './households.service.js';
import {
  ApiAuthErrors,
  ApiErrors,
  ApiPaging,
  ApiQueryParam,
  ApiSuccess,
  ApiUpload,
  ApiWrite,
} from '../common/openapi.js';
import { HOUSEHOLD_DETAIL_SCHEMA, HOUSEHOLD_LIST_SCHEMA, HOUSEHOLD_SCHEMA } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('households')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId/households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly register: RegisterService,
  ) {}

  @Roles(...REGISTER_WRITERS)
  @Post()
  @ApiSuccess(201, 'The new household with its members', HOUSEHOLD_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  create(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateHouseholdDto,
  ) {
    return this.households.create(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get()
  @ApiSuccess(200, 'Households of the village', HOUSEHOLD_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('q', 'string', 'name or code contains', { maxLength: 64 })
  @ApiQueryParam('status', MEMBER_STATUSES, 'households with a member in this status')
  @ApiQueryParam('asOf', 'date', 'the register as of this date')
  @ApiPaging(100_000)
  list(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('q') q?: unknown,
    @Query('status') status?: unknown,
    @Query('asOf') asOf?: unknown,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ) {
    if (asOf !== undefined && !isIsoDate(asOf)) {
      throw badInput('BAD_DATE', 'asOf: 日期须为存在的 YYYY-MM-DD', 'asOf must be an existing date YYYY-MM-DD');
    }
    if (status !== undefined && !MEMBER_STATUSES.includes(status as MemberStatus)) {
      throw badInput(
        'BAD_STATUS',
        `status: 须为 ${MEMBER_STATUSES.join('/')} 之一`,
        `status must be one of ${MEMBER_STATUSES.join(', ')}`,
      );
    }
    return this.households.list(actor, villageId, {
      q: typeof q === 'string' ? truncateText(q, 64) : undefined,
      status: status as MemberStatus | undefined,
      asOf,
      limit: parseLimit(limit, 100_000, 100_000),
      offset: parseOffset(offset, 10_000_000),
    });
  }

  @Roles(...REGISTER_WRITERS)
  @ApiConsumes('multipart/form-data')
  @Post('import')
  @ApiSuccess(201, 'The roster imported')
  @ApiWrite()
  @ApiErrors(404, 422)
  @ApiUpload()
  async import(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.households.import(actor, villageId, await uploadedFile(request));
  }

  /** A sheet of births, marriages, deaths and moves (one row per change), all or nothing. */
  @Roles(...REGISTER_WRITERS)
  @ApiConsumes('multipart/form-data')
  @Post('member-changes/import')
  @ApiSuccess(201, 'The member changes imported')
  @ApiWrite()
  @ApiErrors(404, 422)
  @ApiUpload()
  async importMemberChanges(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.register.importChanges(actor, villageId, await uploadedFile(request));
  }

  @Roles(...REGISTER_WRITERS, 'auditor')
  @Get('export.xlsx')
  @ApiSuccess(200, 'The roster as xlsx', undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiErrors(400, 404)
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
  @ApiSuccess(200, 'The household with its members', HOUSEHOLD_DETAIL_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('asOf', 'date', 'members as of this date')
  get(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Query('asOf') asOf?: unknown,
  ) {
    if (asOf !== undefined && !isIsoDate(asOf)) {
      throw badInput('BAD_DATE', 'asOf: 日期须为存在的 YYYY-MM-DD', 'asOf must be an existing date YYYY-MM-DD');
    }
    return this.households.get(actor, villageId, householdId, asOf);
  }

  @Roles(...REGISTER_WRITERS)
  @Patch(':householdId')
  @ApiSuccess(200, 'The changed household')
  @ApiWrite()
  @ApiErrors(404, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Body() dto: UpdateHouseholdDto,
  ) {
    return this.register.updateHousehold(actor, villageId, householdId, dto);
  }

  @Roles(...REGISTER_WRITERS)
  @Post(':householdId/members')
  @ApiSuccess(201, 'The household with the new member')
  @ApiWrite()
  @ApiErrors(404, 422)
  addMember(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Body() dto: AddMemberDto,
  ) {
    return this.register.addMember(actor, villageId, householdId, dto);
  }

  @Roles(...REGISTER_WRITERS)
  @Post(':householdId/head')
  @HttpCode(200)
  @ApiSuccess(200, 'The household with its new head')
  @ApiWrite()
  @ApiErrors(404, 422)
  setHead(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Body() dto: SetHeadDto,
  ) {
    return this.register.setHead(actor, villageId, householdId, dto);
  }

  @Roles(...REGISTER_WRITERS)
  @Post(':householdId/split')
  @ApiSuccess(201, 'The new household split off')
  @ApiWrite()
  @ApiErrors(404, 422)
  split(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Body() dto: SplitHouseholdDto,
  ) {
    return this.register.split(actor, villageId, householdId, dto);
  }

  @Roles(...REGISTER_WRITERS)
  @Patch(':householdId/members/:memberId')
  @ApiSuccess(200, 'The changed member')
  @ApiWrite()
  @ApiErrors(404, 422)
  updateMember(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Param('memberId', UUID_PARAM) memberId: string,
    @Body() dto: UpdateMemberDto,
  ) {
    return this.register.updateMember(actor, villageId, householdId, memberId, dto);
  }
}
