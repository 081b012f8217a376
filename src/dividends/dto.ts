import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsIsoDate, IsYuan, msg } from '../common/validation.js';

const INT = msg('须为整数', 'must be an integer');

export class DeductionDto {
  @ApiProperty({ example: '防贫保险' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiProperty({ example: '3360.00' })
  @IsYuan()
  amount: string;
}

export class DistributeDto {
  @ApiPropertyOptional({ example: '183500.00' })
  @IsOptional()
  @IsYuan()
  amount?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Equals(true, msg('只能为 true', 'must be true'))
  all?: true;
}

export class TierDto {
  @ApiProperty({ example: 90 })
  @IsInt(INT)
  @Min(0, msg('不能为负', 'must be ≥ 0'))
  @Max(1_000_000, msg('过大', 'is too large'))
  minScore: number;

  @ApiProperty({ example: '1' })
  @IsDecimalString({ min: 0, max: 1000 })
  factor: string;
}

export class ScoringDto {
  @ApiProperty({ enum: ['none', 'proportional', 'tiered', 'split'] })
  @IsIn(
    ['none', 'proportional', 'tiered', 'split'],
    msg('须为 none/proportional/tiered/split', 'must be none, proportional, tiered or split'),
  )
  mode: 'none' | 'proportional' | 'tiered' | 'split';

  @ApiPropertyOptional({ type: [TierDto] })
  @IsOptional()
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(1, msg('至少一档', 'must have at least one tier'))
  @ArrayMaxSize(50, msg('至多50档', 'at most 50 tiers'))
  @ValidateNested({ each: true })
  @Type(() => TierDto)
  tiers?: TierDto[];

  @ApiPropertyOptional({ example: '0.3' })
  @IsOptional()
  @IsDecimalString({ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true })
  scoreShare?: string;
}

export class CreateRunDto {
  @ApiProperty({ example: 2021 })
  @IsInt(INT)
  @Min(2000, msg('须在2000–2100之间', 'must be 2000–2100'))
  @Max(2100, msg('须在2000–2100之间', 'must be 2000–2100'))
  year: number;

  @ApiPropertyOptional({
    example: '2021-12-31',
    description: '基准日: the register is counted as of this date (default Y-12-31)',
  })
  @IsOptional()
  @IsIsoDate()
  recordDate?: string;

  @ApiPropertyOptional({ enum: ['none', 'days'], default: 'none' })
  @IsOptional()
  @IsIn(['none', 'days'], msg('须为 none 或 days', 'must be none or days'))
  proRate?: 'none' | 'days';

  @ApiPropertyOptional({ example: '0.00' })
  @IsOptional()
  @IsYuan()
  lossMakeup?: string;

  @ApiPropertyOptional({ example: '15' })
  @IsOptional()
  @IsDecimalString({ min: 0, max: 100 })
  reservePercent?: string;

  @ApiPropertyOptional({ type: [DeductionDto] })
  @IsOptional()
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMaxSize(50, msg('至多50项', 'at most 50 deductions'))
  @ValidateNested({ each: true })
  @Type(() => DeductionDto)
  deductions?: DeductionDto[];

  @ApiProperty({ type: DistributeDto })
  @ValidateNested()
  @Type(() => DistributeDto)
  distribute: DistributeDto;

  @ApiProperty({ enum: ['member', 'share'] })
  @IsIn(['member', 'share'], msg('须为 member 或 share', 'must be member or share'))
  basis: 'member' | 'share';

  @ApiPropertyOptional({ type: ScoringDto, description: "omitted: the charter's defaultScheme" })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoringDto)
  scoring?: ScoringDto;
}

/** The meeting's figures, required on approval (the 2/3 rules are the same for both types). */
export class MeetingDto {
  @ApiProperty({ enum: ['成员大会', '成员代表大会'] })
  @IsIn(['成员大会', '成员代表大会'], msg('须为 成员大会 或 成员代表大会', 'must be 成员大会 or 成员代表大会'))
  type: '成员大会' | '成员代表大会';

  @ApiProperty()
  @IsIsoDate()
  date: string;

  @ApiProperty()
  @IsInt(INT)
  @Min(1, msg('至少为1', 'must be ≥ 1'))
  @Max(1_000_000, msg('过大', 'is too large'))
  eligible: number;

  @ApiProperty()
  @IsInt(INT)
  @Min(0, msg('不能为负', 'must be ≥ 0'))
  @Max(1_000_000, msg('过大', 'is too large'))
  present: number;

  @ApiProperty()
  @IsInt(INT)
  @Min(0, msg('不能为负', 'must be ≥ 0'))
  @Max(1_000_000, msg('过大', 'is too large'))
  inFavour: number;
}

export class ApproveRunDto {
  @ApiProperty({ example: '巴嘎决〔2022〕1号' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('须填写决议编号（1–64字）', 'must be 1–64 characters'))
  resolutionRef: string;

  @ApiProperty({
    type: MeetingDto,
    description: 'the assembly that adopted the plan (required: its figures are part of the record)',
  })
  @IsDefined(
    msg('须填写会议情况（类型、日期、应到、出席、赞成）', 'is required: type, date, eligible, present, inFavour'),
  )
  @ValidateNested()
  @Type(() => MeetingDto)
  meeting: MeetingDto;
}

export class PlanObjectionDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写理由（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}

export class AnswerObjectionDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写答复（1–1000字）', 'must be 1–1000 characters'))
  answer: string;
}

export class ReverseRunDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写原因（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}
