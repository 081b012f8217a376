import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOmittable, msg } from '../common/validation.js';
import { ROLES, type Role } from '../common/actor.js';

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

  /** Checked against the password policy (password-policy.ts) by the service: it needs the username. */
  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 200, msg('长度须为1–200', 'must be 1–200 characters'))
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

/** Roles a user can hold in one village (admin is installation-wide). */
export const VILLAGE_ROLES = ROLES.filter((r) => r !== 'admin');

export class GrantVillageDto {
  @ApiProperty()
  @IsUUID('all', msg('须为UUID', 'must be a UUID'))
  villageId: string;

  @ApiPropertyOptional({ enum: VILLAGE_ROLES, description: "The role in this village; omitted: the user's own role" })
  @IsOmittable()
  @IsIn(VILLAGE_ROLES, msg(`须为 ${VILLAGE_ROLES.join('/')} 之一`, `must be one of ${VILLAGE_ROLES.join(', ')}`))
  role?: Role;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 200, msg('长度须为1–200', 'must be 1–200 characters'))
  old: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 200, msg('长度须为1–200', 'must be 1–200 characters'))
  new: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean(msg('须为 true 或 false', 'must be true or false'))
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], msg(`须为 ${ROLES.join('/')} 之一`, `must be one of ${ROLES.join(', ')}`))
  role?: Role;
}
