import { BadRequestException, Body, Controller, Get, Headers, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READERS, Roles } from '../common/actor.js';
import { IdempotentInTransaction } from '../common/idempotency.interceptor.js';
import { UUID_PARAM } from '../common/params.js';
import { CODE_PATTERN } from '../villages/dto.js';
import { ExpenseDto, IncomeDto, IncomeSourceDto, IncomeSourcePatchDto } from './dto.js';
import { IncomeService } from './income.service.js';
import { ApiAuthErrors, ApiErrors, ApiSuccess, ApiWrite } from '../common/openapi.js';
import { POSTED_ENTRY_SCHEMA } from './schemas.js';

/** A source code in the path: the pattern codes are created with, else 400 naming it. */
const CODE_PARAM = {
  transform(value: string): string {
    if (!CODE_PATTERN.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['code: 须为1–32位字母、数字或 _.- / code must be 1–32 letters, digits or _.-'],
      });
    }
    return value;
  },
};

@ApiTags('income')
@ApiBearerAuth()
@ApiAuthErrors()
@Controller('villages/:villageId')
export class IncomeController {
  constructor(private readonly income: IncomeService) {}

  @Roles('accountant')
  @Post('income')
  @IdempotentInTransaction()
  @ApiSuccess(201, 'The posted income entry (id, entryId, seq, hash)', POSTED_ENTRY_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  recordIncome(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: IncomeDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.income.recordIncome(actor, villageId, dto, key);
  }

  @Roles('accountant')
  @Post('expenses')
  @IdempotentInTransaction()
  @ApiSuccess(201, 'The posted expense entry (id, entryId, seq, hash)', POSTED_ENTRY_SCHEMA)
  @ApiWrite()
  @ApiErrors(404, 422)
  recordExpense(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: ExpenseDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.income.recordExpense(actor, villageId, dto, key);
  }

  @Roles('accountant')
  @Post('income-sources')
  @ApiSuccess(201, 'The new income source')
  @ApiWrite()
  @ApiErrors(404, 422)
  createSource(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Body() dto: IncomeSourceDto,
  ) {
    return this.income.createSource(actor, villageId, dto);
  }

  @Roles('accountant')
  @Patch('income-sources/:code')
  @ApiSuccess(200, 'The income source renamed or retired')
  @ApiWrite()
  @ApiErrors(404)
  updateSource(
    @CurrentActor() actor: Actor,
    @Param('villageId', UUID_PARAM) villageId: string,
    @Param('code', CODE_PARAM) code: string,
    @Body() dto: IncomeSourcePatchDto,
  ) {
    return this.income.updateSource(actor, villageId, code, dto);
  }

  @Roles(...READERS)
  @Get('income-sources')
  @ApiSuccess(200, 'The income sources of the village')
  @ApiErrors(400, 404)
  listSources(@CurrentActor() actor: Actor, @Param('villageId', UUID_PARAM) villageId: string) {
    return this.income.listSources(actor, villageId);
  }
}
