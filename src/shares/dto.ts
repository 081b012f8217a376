import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsDecimalString, IsIsoDate, IsYuan, msg } from '../common/validation.js';
import { CODE_PATTERN, codeMessage } from '../villages/dto.js';

export class CreateShareClassDto {
  @ApiProperty({ example: 'RK' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty({ example: '人口股' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiProperty({ enum: ['member', 'capital'] })
  @IsIn(['member', 'capital'], msg('须为 member 或 capital', 'must be member or capital'))
  kind: 'member' | 'capital';

  @ApiPropertyOptional({ example: '0.08' })
  @IsOptional()
  @IsDecimalString({ min: 0, max: 1 })
  guaranteedRate?: string;
}

export class CreateHoldingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  householdId?: string;

  @ApiPropertyOptional({ example: '旗扶贫资金' })
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  externalHolder?: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  shareClassCode: string;

  @ApiProperty({ example: '1.5' })
  @IsDecimalString({ min: 0, max: 1e12 })
  quantity: string;

  @ApiPropertyOptional({ example: '1250000.00' })
  @IsOptional()
  @IsYuan()
  capitalAmount?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoDate()
  date?: string;
}

export class TransferHoldingDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  toHouseholdId: string;

  @ApiProperty()
  @IsDecimalString({ min: 0, max: 1e12, exclusiveMin: true })
  quantity: string;

  @ApiProperty()
  @IsIsoDate()
  date: string;

  @ApiProperty({ enum: ['transfer', 'inherit'] })
  @IsIn(['transfer', 'inherit'], msg('须为 transfer 或 inherit', 'must be transfer or inherit'))
  kind: 'transfer' | 'inherit';
}
