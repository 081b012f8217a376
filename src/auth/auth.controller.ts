import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Public, Roles, READERS } from './actor.js';
import { AuthService } from './auth.service.js';
import { CreateUserDto, GrantVillageDto, LoginDto } from './dto.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: { id?: string; ip?: string }) {
    return this.auth.login(dto.username, dto.password, {
      requestId: String(request.id ?? ''),
      ip: String(request.ip ?? ''),
    });
  }

  @ApiBearerAuth()
  @Roles(...READERS)
  @Get('auth/me')
  me(@CurrentActor() actor: Actor) {
    return {
      id: actor.userId,
      username: actor.username,
      role: actor.role,
      villageIds: actor.villageIds,
      householdId: actor.householdId,
    };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.auth.createUser(actor, dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Get('users')
  listUsers() {
    return this.auth.listUsers();
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users/:userId/villages')
  grantVillage(
    @CurrentActor() actor: Actor,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: GrantVillageDto,
  ) {
    return this.auth.grantVillage(actor, userId, dto.villageId);
  }
}
