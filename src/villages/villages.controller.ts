import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { UUID_PARAM } from '../common/params.js';
import { CharterDto, CreateVillageDto } from './dto.js';
import { type VillageList, type VillageView, VillagesService } from './villages.service.js';
import { ApiAuthErrors, ApiErrors, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { VILLAGE_LIST_SCHEMA, VILLAGE_SCHEMA } from './schemas.js';

@ApiTags('villages')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Roles('admin')
  @Post()
  @ApiSuccess(201, 'The new village', VILLAGE_SCHEMA)
  @ApiWrite()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVillageDto): Promise<VillageView> {
    return this.villages.create(actor, dto);
  }

  @Roles(...READERS)
  @Get()
  @ApiSuccess(200, 'The villages this user may read', VILLAGE_LIST_SCHEMA)
  list(@CurrentActor() actor: Actor): Promise<VillageList> {
    return this.villages.list(actor);
  }

  @Roles(...READERS)
  @Get(':villageId')
  @ApiSuccess(200, 'The village and its charter', VILLAGE_SCHEMA)
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string): Promise<VillageView> {
    return this.villages.get(actor, villageId);
  }

  @Roles('admin')
  @Patch(':villageId/charter')
  @ApiSuccess(200, 'The village with its new charter', VILLAGE_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  updateCharter(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CharterDto,
  ): Promise<VillageView> {
    return this.villages.updateCharter(actor, villageId, dto);
  }
}
