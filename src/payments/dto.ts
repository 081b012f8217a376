import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { IsDecimalString, IsIsoDate, IsOmittable, IsYuan, msg } from '../common/validation.js';
import { PAYMENT_METHODS, type PaymentMethod } from './payment.entity.js';

export class GoodsDto {
  @ApiProperty({ example: '大米' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiProperty({ example: '50', description: 'decimal string, up to 4 decimals, above 0' })
  @IsDecimalString({ min: 0, exclusiveMin: true, max: 1_000_000_000 })
  quantity: string;

  @ApiProperty({ example: '斤' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 16, msg('长度须为1–16', 'must be 1–16 characters'))
  unit: string;

  @ApiProperty({ example: '3.20' })
  @IsYuan({ positive: true })
  unitPrice: string;
}

export class PaymentDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  householdId: string;

  @ApiProperty({ example: '1500.00' })
  @IsYuan({ positive: true })
  amount: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(
    PAYMENT_METHODS as unknown as string[],
    msg('须为 cash、bank、offset 或 in_kind', 'must be cash, bank, offset or in_kind'),
  )
  method: PaymentMethod;

  @ApiProperty()
  @IsIsoDate()
  date: string;

  @ApiProperty({ description: '收据号/流水号: unique in the village' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  receiptNo: string;

  @ApiPropertyOptional({ description: 'offset (抵扣): the journal entry holding the household’s receivable (112)' })
  @IsOmittable()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  receivableEntryId?: string;

  @ApiPropertyOptional({ type: [GoodsDto], description: 'in_kind (实物): the goods, valued at their unit prices' })
  @IsOmittable()
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(1, msg('至少一项', 'must list at least one item'))
  @ArrayMaxSize(50, msg('至多50项', 'at most 50 items'))
  @ValidateNested({ each: true })
  @Type(() => GoodsDto)
  goods?: GoodsDto[];
}

export class ReversePaymentDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写原因（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}
