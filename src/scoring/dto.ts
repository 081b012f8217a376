import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, msg } from '../common/validation.js';
import { CODE_PATTERN, codeMessage } from '../villages/dto.js';

const INT = msg('须为整数', 'must be an integer');

export class RuleDto {
  @ApiProperty({ example: 'WS01' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty({ example: '庭院整洁' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiProperty({ example: '环境卫生' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 32, msg('长度须为1–32', 'must be 1–32 characters'))
  category: string;

  @ApiProperty({ example: -10 })
  @IsInt(INT)
  @Min(-100000, msg('不小于 -100000', 'must be ≥ -100000'))
  @Max(100000, msg('不大于 100000', 'must be ≤ 100000'))
  minPoints: number;

  @ApiProperty({ example: 10 })
  @IsInt(INT)
  @Min(-100000, msg('不小于 -100000', 'must be ≥ -100000'))
  @Max(100000, msg('不大于 100000', 'must be ≤ 100000'))
  maxPoints: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(INT)
  @Min(1, msg('至少为1', 'must be ≥ 1'))
  @Max(100000, msg('不大于 100000', 'must be ≤ 100000'))
  capPerYear?: number;
}

export class CreateRuleSetDto {
  @ApiProperty({ example: 2022 })
  @IsInt(INT)
  @Min(2000, msg('须在2000–2100之间', 'must be 2000–2100'))
  @Max(2100, msg('须在2000–2100之间', 'must be 2000–2100'))
  year: number;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @IsInt(INT)
  @Min(0, msg('不能为负', 'must be ≥ 0'))
  @Max(100000, msg('不大于 100000', 'must be ≤ 100000'))
  baseScore?: number;

  @ApiProperty({ type: [RuleDto] })
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(1, msg('至少一条规则', 'must have at least one rule'))
  @ArrayMaxSize(200, msg('至多200条规则', 'at most 200 rules'))
  @ValidateNested({ each: true })
  @Type(() => RuleDto)
  rules: RuleDto[];
}

export class CopyRuleSetDto {
  @ApiProperty()
  @IsInt(INT)
  @Min(2000, msg('须在2000–2100之间', 'must be 2000–2100'))
  @Max(2100, msg('须在2000–2100之间', 'must be 2000–2100'))
  fromYear: number;

  @ApiProperty()
  @IsInt(INT)
  @Min(2000, msg('须在2000–2100之间', 'must be 2000–2100'))
  @Max(2100, msg('须在2000–2100之间', 'must be 2000–2100'))
  toYear: number;
}

export class ScoreEventDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  householdId: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  ruleCode: string;

  @ApiProperty()
  @IsInt(INT)
  @Min(-100000, msg('不小于 -100000', 'must be ≥ -100000'))
  @Max(100000, msg('不大于 100000', 'must be ≤ 100000'))
  points: number;

  @ApiProperty()
  @IsIsoDate()
  date: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写依据（1–1000字）', 'must be 1–1000 characters'))
  evidence: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 200, msg('长度须为1–200', 'must be 1–200 characters'))
  attachmentRef?: string;
}

export class BulkScoreEventsDto {
  @ApiProperty({ type: [ScoreEventDto] })
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(1, msg('至少一条', 'must have at least one event'))
  @ArrayMaxSize(5000, msg('至多5000条', 'at most 5000 events'))
  @ValidateNested({ each: true })
  @Type(() => ScoreEventDto)
  events: ScoreEventDto[];
}

export class ScoreReasonDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写原因（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(0, 1000, msg('至多1000字', 'must be at most 1000 characters'))
  reason?: string;
}

export class PublicityDto {
  @ApiProperty()
  @IsInt(INT)
  @Min(2000, msg('须在2000–2100之间', 'must be 2000–2100'))
  @Max(2100, msg('须在2000–2100之间', 'must be 2000–2100'))
  year: number;

  @ApiPropertyOptional({ description: 'today or later; default today (business date)' })
  @IsOptional()
  @IsIsoDate()
  startDate?: string;

  @ApiPropertyOptional({ description: 'inclusive; default startDate + charter publicityDays − 1' })
  @IsOptional()
  @IsIsoDate()
  endDate?: string;
}
