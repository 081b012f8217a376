import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Public, Roles, READERS } from '../common/actor.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, CreateUserDto, GrantVillageDto, LoginDto, UpdateUserDto } from './dto.js';
import { ApiAuthErrors, ApiErrors, ApiSuccess, ApiWrite } from '../common/openapi.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiSuccess(200, 'An access token and the user')
  @ApiErrors(400, 401, 413, 415, 429)
  login(@Body() dto: LoginDto, @Req() request: { id?: string; ip?: string }) {
    return this.auth.login(dto.username, dto.password, {
      requestId: String(request.id ?? ''),
      ip: String(request.ip ?? ''),
    });
  }

  @ApiBearerAuth()
  @Roles(...READERS)
  @Post('auth/logout')
  @HttpCode(204)
  @ApiAuthErrors()
  @ApiSuccess(204, 'The session is ended')
  @ApiWrite()
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @ApiBearerAuth()
  @Roles(...READERS)
  @Post('auth/password')
  @HttpCode(204)
  @ApiAuthErrors()
  @ApiSuccess(204, 'The password is changed; other sessions end')
  @ApiWrite()
  @ApiErrors(422)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.old, dto.new);
  }

  @ApiBearerAuth()
  @Roles(...READERS)
  @Get('auth/me')
  @ApiAuthErrors()
  @ApiSuccess(200, 'The logged-in user')
  me(@CurrentActor() actor: Actor) {
    return {
      id: actor.userId,
      username: actor.username,
      role: actor.role,
      villageIds: actor.villageIds,
      villages: actor.villageIds.map((villageId) => ({
        villageId,
        role: actor.villageRoles?.[villageId] ?? actor.role,
      })),
      householdId: actor.householdId,
    };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  @ApiAuthErrors()
  @ApiSuccess(201, 'The new user')
  @ApiWrite()
  @ApiErrors(404, 422)
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.auth.createUser(actor, dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Get('users')
  @ApiAuthErrors()
  @ApiSuccess(200, 'All users')
  listUsers() {
    return this.auth.listUsers();
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('users/:userId')
  @ApiAuthErrors()
  @ApiSuccess(200, 'The changed user')
  @ApiWrite()
  @ApiErrors(404, 422)
  updateUser(
    @CurrentActor() actor: Actor,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.auth.updateUser(actor, userId, dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users/:userId/villages')
  @ApiAuthErrors()
  @ApiSuccess(201, 'The user with the village granted')
  @ApiWrite()
  @ApiErrors(404)
  grantVillage(
    @CurrentActor() actor: Actor,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: GrantVillageDto,
  ) {
    return this.auth.grantVillage(actor, userId, dto.villageId, dto.role);
  }
}
