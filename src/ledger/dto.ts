import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { msg } from '../common/validation.js';

export class ReasonDto {
  @ApiProperty({ example: '凭证号录错' })
  @IsString(msg('须为字符串', 'must be a string'))
  @Length(1, 1000, msg('须填写原因（1–1000字）', 'must be 1–1000 characters'))
  reason: string;
}
