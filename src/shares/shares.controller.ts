import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, REGISTER_WRITERS, Roles } from '../auth/actor.js';
import { UUID_PARAM } from '../common/params.js';
import { badInput } from '../common/errors/domain-error.js';
import { CreateHoldingDto, CreateShareClassDto, TransferHoldingDto } from './dto.js';
import { SharesService } from './shares.service.js';

@ApiTags('shares')
@ApiBearerAuth()
@Controller('villages/:villageId')
export class SharesController {
  constructor(private readonly shares: SharesService) {}

  @Roles(...REGISTER_WRITERS)
  @Post('share-classes')
  createClass(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateShareClassDto,
  ) {
    return this.shares.createClass(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('share-classes')
  listClasses(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.shares.listClasses(actor, villageId);
  }

  @Roles(...REGISTER_WRITERS)
  @Post('holdings')
  createHolding(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateHoldingDto,
  ) {
    return this.shares.createHolding(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('holdings')
  listHoldings(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.shares.listHoldings(actor, villageId);
  }

  @Roles(...READERS)
  @Get('holdings/:holdingId/changes')
  holdingChanges(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('holdingId', UUID_PARAM) holdingId: string,
  ) {
    return this.shares.changes(actor, villageId, { holdingId });
  }

  /** Changes touching a household (`householdId`), or every change of the village (staff). */
  @Roles(...READERS)
  @Get('holding-changes')
  changes(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Query('householdId') householdId?: unknown,
  ) {
    if (householdId !== undefined && !(typeof householdId === 'string' && isUUID(householdId))) {
      throw badInput('BAD_HOUSEHOLD_ID', 'householdId: 须为UUID', 'householdId must be a UUID');
    }
    return this.shares.changes(actor, villageId, { householdId });
  }

  @Roles(...REGISTER_WRITERS)
  @Post('holdings/:holdingId/transfer')
  transfer(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('holdingId', UUID_PARAM) holdingId: string,
    @Body() dto: TransferHoldingDto,
  ) {
    return this.shares.transfer(actor, villageId, holdingId, dto);
  }
}
