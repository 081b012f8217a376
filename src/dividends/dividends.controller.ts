import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { badInput } from '../common/errors/domain-error.js';
import { UUID_PARAM, parseLimit, parseOffset } from '../common/params.js';
import { DividendsService } from './dividends.service.js';
import { ApproveRunDto, CreateRunDto, ReverseRunDto } from './dto.js';
import { ApiAuthErrors, ApiErrors, ApiPaging, ApiQueryParam, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { type PayoutPaging, RunReadsService } from './run-reads.service.js';
import { PAYOUT_PAGE_SCHEMA, RUN_DETAIL_SCHEMA, RUN_LIST_SCHEMA } from './schemas.js';

/** Payouts per page at most (a run's own GET without paging lists them all, as the contract says). */
const PAYOUTS_MAX = 5_000;

function paging(limit: unknown, offset: unknown, q?: unknown): PayoutPaging {
  if (q !== undefined && (typeof q !== 'string' || q.length > 32)) {
    throw badInput(
      'BAD_QUERY',
      'q: 须为户编号开头部分（最多32个字符）',
      'q must be a household code prefix (≤ 32 characters)',
    );
  }
  return {
    limit: parseLimit(limit, 100, PAYOUTS_MAX),
    offset: parseOffset(offset, 100_000_000),
    codePrefix: q || undefined,
  };
}

@ApiTags('dividends')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller()
export class DividendsController {
  constructor(
    private readonly dividends: DividendsService,
    private readonly reads: RunReadsService,
  ) {}

  @Roles('cadre')
  @Post('villages/:villageId/dividend-runs')
  @ApiSuccess(201, 'The new draft dividend run', RUN_DETAIL_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: CreateRunDto,
  ) {
    return this.reads.withPayouts(actor, await this.dividends.create(actor, villageId, dto));
  }

  @Roles(...READERS)
  @Get('villages/:villageId/dividend-runs')
  @ApiSuccess(200, 'The dividend runs of the village', RUN_LIST_SCHEMA)
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.reads.list(actor, villageId);
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
    return this.reads.compare(actor, ids.split(','));
  }

  @Roles(...READERS)
  @Get('dividend-runs/:id')
  @ApiSuccess(200, 'The dividend run with its payouts (all, or a page and payoutsTotal)', RUN_DETAIL_SCHEMA)
  @ApiErrors(400, 404)
  @ApiPaging(PAYOUTS_MAX)
  get(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ) {
    const paged = limit !== undefined || offset !== undefined;
    return this.reads.get(actor, id, paged ? paging(limit, offset) : undefined);
  }

  @Roles(...READERS)
  @Get('dividend-runs/:id/payouts')
  @ApiSuccess(200, 'A page of the payouts in household code order (a household: its own)', PAYOUT_PAGE_SCHEMA)
  @ApiErrors(400, 404)
  @ApiPaging(PAYOUTS_MAX)
  @ApiQueryParam('q', 'string', 'household code prefix', { maxLength: 32 })
  payouts(
    @CurrentActor() actor: Actor,
    @Param('id', UUID_PARAM) id: string,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
    @Query('q') q?: unknown,
  ) {
    return this.reads.payouts(actor, id, paging(limit, offset, q));
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
  async recompute(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string) {
    return this.reads.withPayouts(actor, await this.dividends.recompute(actor, id));
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
  async approve(@CurrentActor() actor: Actor, @Param('id', UUID_PARAM) id: string, @Body() dto: ApproveRunDto) {
    return this.reads.withPayouts(actor, await this.dividends.approve(actor, id, dto));
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
