import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, REGISTER_WRITERS, Roles } from '../common/actor.js';
import { UUID_PARAM } from '../common/params.js';
import { badInput } from '../common/errors/domain-error.js';
import { CreateHoldingDto, CreateShareClassDto, TransferHoldingDto } from './dto.js';
import { type HoldingChangeView, type HoldingView, SharesService } from './shares.service.js';
import type { ShareClass } from './share.entity.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess, ApiWrite } from '../common/openapi.js';
import {
  HOLDING_CHANGE_LIST_SCHEMA,
  HOLDING_LIST_SCHEMA,
  HOLDING_SCHEMA,
  SHARE_CLASS_LIST_SCHEMA,
  SHARE_CLASS_SCHEMA,
} from './schemas.js';

@ApiTags('shares')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId')
export class SharesController {
  constructor(private readonly shares: SharesService) {}

  @Roles(...REGISTER_WRITERS)
  @Post('share-classes')
  @ApiSuccess(201, 'The new share class', SHARE_CLASS_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  createClass(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateShareClassDto,
  ): Promise<ShareClass> {
    return this.shares.createClass(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('share-classes')
  @ApiSuccess(200, 'The share classes of the village', SHARE_CLASS_LIST_SCHEMA)
  @ApiErrors(400, 404)
  listClasses(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
  ): Promise<{ items: ShareClass[]; total: number }> {
    return this.shares.listClasses(actor, villageId);
  }

  @Roles(...REGISTER_WRITERS)
  @Post('holdings')
  @ApiSuccess(201, 'The new holding', HOLDING_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  createHolding(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateHoldingDto,
  ): Promise<HoldingView> {
    return this.shares.createHolding(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('holdings')
  @ApiSuccess(200, 'The holdings of the village', HOLDING_LIST_SCHEMA)
  @ApiErrors(400, 404)
  listHoldings(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
  ): Promise<{ items: HoldingView[]; total: number }> {
    return this.shares.listHoldings(actor, villageId);
  }

  @Roles(...READERS)
  @Get('holdings/:holdingId/changes')
  @ApiSuccess(200, 'The changes of one holding', HOLDING_CHANGE_LIST_SCHEMA)
  @ApiErrors(400, 404)
  holdingChanges(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('holdingId', UUID_PARAM) holdingId: string,
  ): Promise<{ items: HoldingChangeView[]; total: number }> {
    return this.shares.changes(actor, villageId, { holdingId });
  }

  /** Changes touching a household (`householdId`), or every change of the village (staff). */
  @Roles(...READERS)
  @Get('holding-changes')
  @ApiSuccess(200, 'Holding changes of the village', HOLDING_CHANGE_LIST_SCHEMA)
  @ApiErrors(400, 404)
  @ApiQueryParam('householdId', 'string', 'only this household (UUID)')
  changes(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('householdId') householdId?: unknown,
  ): Promise<{ items: HoldingChangeView[]; total: number }> {
    if (householdId !== undefined && !(typeof householdId === 'string' && isUUID(householdId))) {
      throw badInput('BAD_HOUSEHOLD_ID', 'householdId: 须为UUID', 'householdId must be a UUID');
    }
    return this.shares.changes(actor, villageId, { householdId });
  }

  @Roles(...REGISTER_WRITERS)
  @Post('holdings/:holdingId/transfer')
  @ApiSuccess(201, 'The transfer recorded', HOLDING_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  transfer(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('holdingId', UUID_PARAM) holdingId: string,
    @Body() dto: TransferHoldingDto,
  ): Promise<HoldingView> {
    return this.shares.transfer(actor, villageId, holdingId, dto);
  }
}
