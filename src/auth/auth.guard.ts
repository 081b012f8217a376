import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { forbidden } from '../common/errors/domain-error.js';
import { Household } from '../households/household.entity.js';
import { type Actor, IS_PUBLIC, ROLES_KEY } from './actor.js';
import { type Role, User, UserVillage } from './user.entity.js';

const UNAUTHORIZED = '未登录或登录已过期，请重新登录 / not logged in or session expired';

/** Every route needs a valid token unless @Public; @Roles limits who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException(UNAUTHORIZED);
    let payload: { sub?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException(UNAUTHORIZED);
    }
    if (typeof payload.sub !== 'string') throw new UnauthorizedException(UNAUTHORIZED);
    const actor = await this.loadActor(payload.sub, request);
    if (!actor) throw new UnauthorizedException(UNAUTHORIZED);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw forbidden('ROLE_FORBIDDEN', `角色「${actor.role}」无权执行此操作`, `role ${actor.role} may not do this`);
    }
    return true;
  }

  private async loadActor(userId: string, request: { id?: string; ip?: string }): Promise<Actor | null> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) return null;
    const links = await this.dataSource.getRepository(UserVillage).findBy({ userId });
    const villageIds = links.map((l) => l.villageId);
    if (user.role === 'household' && user.householdId) {
      const household = await this.dataSource.getRepository(Household).findOneBy({ id: user.householdId });
      if (household && !villageIds.includes(household.villageId)) villageIds.push(household.villageId);
    }
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      villageIds,
      allVillages: user.role === 'admin',
      householdId: user.householdId,
      requestId: String(request.id ?? ''),
      ip: String(request.ip ?? ''),
    };
  }
}
