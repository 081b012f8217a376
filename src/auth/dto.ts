import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { msg } from '../common/validation.js';
import { ROLES, type Role } from './user.entity.js';

export class LoginDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 64, msg('长度须为1–64', 'must be 1–64 characters'))
  username: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 200, msg('长度须为1–200', 'must be 1–200 characters'))
  password: string;
}

export class CreateUserDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Matches(
    /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,64}$/,
    msg('须为2–64位字母、数字、汉字或 _.-', 'must be 2–64 letters, digits, Chinese characters or _.-'),
  )
  username: string;

  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(8, 200, msg('密码至少8位', 'must be at least 8 characters'))
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], msg(`须为 ${ROLES.join('/')} 之一`, `must be one of ${ROLES.join(', ')}`))
  role: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  villageId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  householdId?: string;
}

export class GrantVillageDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  villageId: string;
}
