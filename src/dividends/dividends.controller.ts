import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { UUID_PARAM } from '../common/params.js';
import { DividendsService } from './dividends.service.js';
import { ApproveRunDto, CreateRunDto, ReverseRunDto } from './dto.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { RUN_DETAIL_SCHEMA, RUN_LIST_SCHEMA } from './schemas.js';

@ApiTags('dividends')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class DividendsController {
  constructor(private readonly dividends: DividendsService) {}

  @Roles('cadre')
  @Post('villages/:villageId/dividend-runs')
  @ApiSuccess(201, 'The new draft dividend run', RUN_DETAIL_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  create(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string, @Body() dto: CreateRunDto) {
    return this.dividends.create(actor, villageId, dto);
  }

  @Roles(...READERS)
  @Get('villages/:villageId/dividend-runs')
  @ApiSuccess(200, 'The dividend runs of the village', RUN_LIST_SCHEMA)
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.dividends.list(actor, villageId);
  }

  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get('dividend-runs/compare')
  @ApiSuccess(200, 'Two runs side by side')
  @ApiErrors(400, 404)
  @ApiQueryParam('ids', 'string', 'two run ids (UUID), comma-separated')
  compare(@CurrentActor() actor: Actor, @Query('ids') ids?: unknown) {
    if (typeof ids !== 'string' || !/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i.test(ids)) {
      throw badInput('BAD_IDS', 'ids: 须为逗号分隔的方案编号', 'ids must be comma-separated run ids');
    }
    return this.dividends.compare(actor, ids.split(','));
  }

  @Roles(...READERS)
  @Get('dividend-runs/:id')
  @ApiSuccess(200, 'The dividend run with its lines', RUN_DETAIL_SCHEMA)
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.dividends.get(actor, id);
  }

  @Roles('admin', 'accountant', 'cadre', 'scorer', 'auditor')
  @Get('dividend-runs/:id/replay')
  @ApiSuccess(200, 'The run recomputed from its stored inputs')
  @ApiErrors(400, 404)
  @ApiErrors(409, 422)
  replay(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.dividends.replay(actor, id);
  }

  @Roles('cadre')
  @Post('dividend-runs/:id/recompute')
  @HttpCode(200)
  @ApiSuccess(200, 'The draft recomputed')
  @ApiWrite()
  @ApiErrors(404, 422)
  recompute(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.dividends.recompute(actor, id);
  }

  @Roles('cadre')
  @Delete('dividend-runs/:id')
  @ApiSuccess(200, 'The draft deleted')
  @ApiWrite()
  @ApiErrors(404, 422)
  remove(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.dividends.deleteDraft(actor, id);
  }

  @Roles('cadre')
  @Post('dividend-runs/:id/approve')
  @HttpCode(200)
  @ApiSuccess(200, 'The approved run')
  @ApiWrite()
  @ApiErrors(404, 422)
  approve(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ApproveRunDto) {
    return this.dividends.approve(actor, id, dto);
  }

  @Roles('cadre')
  @Post('dividend-runs/:id/post')
  @HttpCode(200)
  @ApiSuccess(200, 'The posted run')
  @ApiWrite()
  @ApiErrors(404, 422)
  post(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.dividends.post(actor, id);
  }

  @Roles('cadre')
  @Post('dividend-runs/:id/reverse')
  @HttpCode(200)
  @ApiSuccess(200, 'The reversed run')
  @ApiWrite()
  @ApiErrors(404, 422)
  reverse(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ReverseRunDto) {
    return this.dividends.reverse(actor, id, dto.reason);
  }
}
