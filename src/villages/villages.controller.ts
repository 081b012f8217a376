import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../auth/actor.js';
import { UUID_PARAM } from '../common/params.js';
import { CharterDto, CreateVillageDto } from './dto.js';
import { VillagesService } from './villages.service.js';

@ApiTags('villages')
@ApiBearerAuth()
@Controller('villages')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Roles('admin')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVillageDto) {
    return this.villages.create(actor, dto);
  }

  @Roles(...READERS)
  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.villages.list(actor);
  }

  @Roles(...READERS)
  @Get(':villageId')
  get(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.villages.get(actor, villageId);
  }

  @Roles('admin')
  @Patch(':villageId/charter')
  updateCharter(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CharterDto,
  ) {
    return this.villages.updateCharter(actor, villageId, dto);
  }
}
