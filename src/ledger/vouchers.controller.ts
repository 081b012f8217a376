import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { IdempotentInTransaction } from '../common/idempotency.interceptor.js';
import { ApiAuthErrors, ApiErrors, ApiQueryParam, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { UUID_PARAM } from '../common/params.js';
import { GeneralVoucherDto, OpeningBalancesDto } from './dto.js';
import { yearQuery } from './ledger.controller.js';
import { VouchersService } from './vouchers.service.js';

@ApiTags('ledger')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Roles('accountant')
  @Post('opening-balances')
  @IdempotentInTransaction()
  @ApiSuccess(201, 'The opening entry (建账): last year’s closing balances, once per village')
  @ApiWrite()
  @ApiErrors(404, 422)
  opening(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: OpeningBalancesDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.vouchers.opening(actor, villageId, dto, key);
  }

  @Roles('accountant')
  @Post('journal')
  @IdempotentInTransaction()
  @ApiSuccess(201, 'The general voucher (转账凭证) on leaf accounts')
  @ApiWrite()
  @ApiErrors(404, 422)
  general(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: GeneralVoucherDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.vouchers.general(actor, villageId, dto, key);
  }

  @Roles(...READERS)
  @Get('households/:householdId/ledger')
  @ApiSuccess(200, 'The household’s sub-ledger: 应付收益 and 应收款 with running balances')
  @ApiErrors(400, 404)
  @ApiQueryParam('year', 'integer', 'only this year (opening balance before it)', { minimum: 2000, maximum: 2100 })
  householdLedger(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('householdId', UUID_PARAM) householdId: string,
    @Query('year') year?: unknown,
  ) {
    const y = year === undefined || year === '' ? undefined : yearQuery(year);
    return this.vouchers.householdLedger(actor, villageId, householdId, y);
  }
}
