import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, msg } from '../common/validation.js';
import { CODE_PATTERN, codeMessage } from '../villages/dto.js';
import { MEMBER_STATUSES, type MemberStatus } from './household.entity.js';

export class MemberDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name: string;

  @ApiProperty({ example: '户主' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  relation: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  isMember?: boolean;
}

export class CreateHouseholdDto {
  @ApiProperty({ example: 'H001' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  headName: string;

  @ApiProperty({ type: [MemberDto] })
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMaxSize(100, msg('至多100名成员', 'must have at most 100 members'))
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members: MemberDto[];

  @ApiPropertyOptional({ example: ['脱贫户'] })
  @IsOptional()
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMaxSize(20, msg('至多20个标签', 'at most 20 tags'))
  @IsString({ each: true, ...msg('须为字符串', 'must be strings') })
  @Length(1, 32, { each: true, ...msg('每个标签1–32字', 'each tag must be 1–32 characters') })
  tags?: string[];
}

export class MemberStatusDto {
  @ApiProperty({ enum: MEMBER_STATUSES })
  @IsIn(
    MEMBER_STATUSES as unknown as string[],
    msg(`须为 ${MEMBER_STATUSES.join('/')} 之一`, `must be one of ${MEMBER_STATUSES.join(', ')}`),
  )
  status: MemberStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoDate()
  date?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  isMember?: boolean;
}
