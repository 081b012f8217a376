import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsDecimalString, IsOmittable, msg } from '../common/validation.js';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const codeMessage = msg('须为1–32位字母、数字或 _.-', 'must be 1–32 letters, digits or _.-');

export class CharterDto {
  @ApiPropertyOptional({ example: '15' })
  @IsOmittable()
  @IsDecimalString({ min: 0, max: 100 })
  minReservePercent?: string;

  @ApiPropertyOptional({ example: '3', nullable: true })
  @IsOptional()
  @IsDecimalString({ min: 0, max: 100, exclusiveMin: true })
  holdingCapPercent?: string;

  @ApiPropertyOptional({ example: 5 })
  @IsOmittable()
  @IsInt(msg('须为整数', 'must be an integer'))
  @Min(1, msg('至少1天', 'must be ≥ 1'))
  @Max(60, msg('至多60天', 'must be ≤ 60'))
  publicityDays?: number;

  @ApiPropertyOptional({ enum: ['none', 'proportional', 'tiered', 'split'] })
  @IsOmittable()
  @IsIn(
    ['none', 'proportional', 'tiered', 'split'],
    msg('须为 none/proportional/tiered/split', 'must be none, proportional, tiered or split'),
  )
  defaultScheme?: 'none' | 'proportional' | 'tiered' | 'split';

  @ApiPropertyOptional({ example: '0.3', nullable: true })
  @IsOptional()
  @IsDecimalString({ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true })
  defaultScoreShare?: string;

  @ApiPropertyOptional({ example: 10, description: '方案公示天数 (law: ≥ 10)' })
  @IsOmittable()
  @IsInt(msg('须为整数', 'must be an integer'))
  @Min(10, msg('依法至少10天', 'must be ≥ 10 (the law)'))
  @Max(90, msg('至多90天', 'must be ≤ 90'))
  planPublicityDays?: number;
}

export class CreateVillageDto {
  @ApiProperty({ example: 'BYHD' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty({ example: '巴彦霍德嘎查' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiPropertyOptional({ example: '巴彦浩特镇' })
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  township?: string;

  @ApiPropertyOptional({ type: CharterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CharterDto)
  charter?: CharterDto;
}
