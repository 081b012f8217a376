import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { IsIsoDate, IsOmittable, IsYuan, msg } from '../common/validation.js';

export class ReasonDto {
  @ApiProperty({ example: '凭证号录错' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写原因（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}

/** One line typed by hand: exactly one of debit / credit (checked by `sideOf`). */
export class VoucherLineDto {
  @ApiProperty({ example: '112' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 16, msg('科目编码长度须为1–16', 'must be 1–16 characters'))
  accountCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: '112 应收款 / 20201 应付收益 of this household' })
  @IsOmittable()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  householdId?: string;

  @ApiPropertyOptional({ example: '1200.00' })
  @IsOmittable()
  @IsYuan({ positive: true })
  debit?: string;

  @ApiPropertyOptional({ example: '1200.00' })
  @IsOmittable()
  @IsYuan({ positive: true })
  credit?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(0, 200, msg('至多200字', 'must be at most 200 characters'))
  memo?: string;
}

export class OpeningBalancesDto {
  @ApiProperty({ example: '2021-01-01', description: 'the day the books start: balances as of that morning' })
  @IsIsoDate()
  date: string;

  @ApiProperty({ type: [VoucherLineDto] })
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(2, msg('至少两行', 'must have at least two lines'))
  @ArrayMaxSize(5000, msg('至多5000行', 'must have at most 5000 lines'))
  @ValidateNested({ each: true })
  @Type(() => VoucherLineDto)
  lines: VoucherLineDto[];
}

export class GeneralVoucherDto extends OpeningBalancesDto {
  @ApiProperty({ example: '转-2021-001' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  voucherNo: string;

  @ApiProperty({ example: '从银行提取备用金' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写摘要（1–1000字）', 'must be 1–1000 characters'))
  memo: string;
}
