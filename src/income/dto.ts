import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsIsoDate, IsOmittable, IsYuan, msg } from '../common/validation.js';
import { EXPENSE_CATEGORIES, INCOME_CATEGORIES } from '../ledger/accounts.js';
import { CODE_PATTERN, codeMessage } from '../villages/dto.js';

const INCOME = Object.keys(INCOME_CATEGORIES);
const EXPENSE = Object.keys(EXPENSE_CATEGORIES);

class MoneyMovementDto {
  @ApiProperty({ example: '2021-06-30' })
  @IsIsoDate()
  date: string;

  @ApiProperty({ example: '120000.00' })
  @IsYuan({ positive: true })
  amount: string;

  @ApiProperty({ example: '记-2021-001' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  voucherNo: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(0, 1000, msg('至多1000字', 'must be at most 1000 characters'))
  memo?: string;

  @ApiPropertyOptional({ enum: ['bank', 'cash'], default: 'bank' })
  @IsOptional()
  @IsIn(['bank', 'cash'], msg('须为 bank 或 cash', 'must be bank or cash'))
  via?: 'bank' | 'cash';
}

export class IncomeDto extends MoneyMovementDto {
  @ApiProperty({ enum: INCOME })
  @IsIn(INCOME, msg(`须为 ${INCOME.join('/')} 之一`, `must be one of ${INCOME.join(', ')}`))
  category: string;

  @ApiPropertyOptional({ example: 'LVHUA' })
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  sourceCode?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  distributable?: boolean;
}

export class ExpenseDto extends MoneyMovementDto {
  @ApiProperty({ enum: EXPENSE })
  @IsIn(EXPENSE, msg(`须为 ${EXPENSE.join('/')} 之一`, `must be one of ${EXPENSE.join(', ')}`))
  category: string;
}

export class IncomeSourceDto {
  @ApiProperty({ example: 'LVHUA' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty({ example: '绿化养护' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;
}

export class IncomeSourcePatchDto {
  @ApiPropertyOptional({ example: '绿化养护（旗林草局合同）' })
  @IsOmittable()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name?: string;

  @ApiPropertyOptional({ description: 'false retires the source (停用): no new income may name it' })
  @IsOmittable()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  active?: boolean;
}
