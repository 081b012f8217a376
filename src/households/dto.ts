import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, IsOmittable, msg } from '../common/validation.js';
import { BANK_ACCOUNT_PATTERN, ID_NUMBER_PATTERN, normalizeBankAccount, normalizeIdNumber } from './personal-data.js';
import { CODE_PATTERN, codeMessage } from '../villages/dto.js';
import {
  AWAY_REASONS,
  JOIN_REASONS,
  MEMBER_STATUSES,
  MOVED_OUT_REASONS,
  type MemberStatus,
} from './household.entity.js';

const oneOf = (values: readonly string[]) =>
  msg(`须为 ${values.join('/')} 之一`, `must be one of ${values.join(', ')}`);
const STATUS_REASONS = [...new Set([...AWAY_REASONS, ...MOVED_OUT_REASONS])];

/** 居民身份证号: 18 characters (or the old 15 digits); null clears it where a route allows. */
function IsIdNumber(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizeIdNumber(value) : value))(target, key);
    Matches(
      ID_NUMBER_PATTERN,
      msg(
        '须为18位居民身份证号（末位可为X）或15位旧号',
        'must be an 18-character ID number (last may be X) or 15 digits',
      ),
    )(target, key);
  };
}

/** A bank account: 8–32 digits; spaces and dashes as printed on the card are dropped. */
function IsBankAccount(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizeBankAccount(value) : value))(target, key);
    Matches(BANK_ACCOUNT_PATTERN, msg('须为8–32位数字的银行账号', 'must be a bank account of 8–32 digits'))(
      target,
      key,
    );
  };
}

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

  @ApiPropertyOptional({ description: '入户日期: counts from this date (default: from the beginning)' })
  @IsOptional()
  @IsIsoDate()
  since?: string;
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

/** A member who joins later: the fields of a register member, with the date and reason of joining. */
export class AddMemberDto extends OmitType(MemberDto, ['since'] as const) {
  @ApiProperty({ description: 'the member counts from this date (inclusive)' })
  @IsIsoDate()
  date: string;

  @ApiProperty({ enum: JOIN_REASONS })
  @IsIn(JOIN_REASONS as unknown as string[], oneOf(JOIN_REASONS))
  reason: (typeof JOIN_REASONS)[number];

  @ApiPropertyOptional({ description: '居民身份证号: stored encrypted, shown masked except to accountant and admin' })
  @IsOmittable()
  @IsString(msg('须为字符串', 'must be a string'))
  @IsIdNumber()
  idNumber?: string;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: MEMBER_STATUSES })
  @IsOptional()
  @IsIn(MEMBER_STATUSES as unknown as string[], oneOf(MEMBER_STATUSES))
  status?: MemberStatus;

  @ApiPropertyOptional({ description: 'date of the status (deceased/moved_out: the member no longer counts on it)' })
  @IsOptional()
  @IsIsoDate()
  date?: string;

  @ApiPropertyOptional({ enum: STATUS_REASONS })
  @IsOptional()
  @IsIn(STATUS_REASONS, oneOf(STATUS_REASONS))
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  isMember?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  relation?: string;

  @ApiPropertyOptional({ nullable: true, description: '居民身份证号 (null clears it); stored encrypted' })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsString(msg('须为字符串', 'must be a string'))
  @IsIdNumber()
  idNumber?: string | null;
}

export class UpdateHouseholdDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  headName?: string;

  @ApiPropertyOptional({ example: ['脱贫户'] })
  @IsOptional()
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMaxSize(20, msg('至多20个标签', 'at most 20 tags'))
  @IsString({ each: true, ...msg('须为字符串', 'must be strings') })
  @Length(1, 32, { each: true, ...msg('每个标签1–32字', 'each tag must be 1–32 characters') })
  tags?: string[];

  @ApiPropertyOptional({
    nullable: true,
    example: '中国农业银行阿拉善左旗支行',
    description: '开户行 (null clears it)',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  bankName?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '6228480000000001234',
    description: '账号 (null clears it); stored encrypted',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsString(msg('须为字符串', 'must be a string'))
  @IsBankAccount()
  bankAccount?: string | null;
}

export class SetHeadDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  memberId: string;

  @ApiProperty()
  @IsIsoDate()
  date: string;
}

export class SplitHouseholdDto {
  @ApiProperty({ example: 'H001-1' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(CODE_PATTERN, codeMessage)
  code: string;

  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  headMemberId: string;

  @ApiProperty({ type: [String] })
  @IsArray(msg('须为数组', 'must be an array'))
  @ArrayMinSize(1, msg('至少一名成员', 'must name at least one member'))
  @ArrayMaxSize(100, msg('至多100名成员', 'must have at most 100 members'))
  @IsUUID('all', { each: true, ...msg('须为UUID', 'must be UUIDs') })
  memberIds: string[];

  @ApiProperty()
  @IsIsoDate()
  date: string;
}
