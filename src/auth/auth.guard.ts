import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock.js';
import { forbidden } from '../common/errors/domain-error.js';
import { type Actor, IS_PUBLIC, ROLES_KEY, type Role } from '../common/actor.js';
import { roleIn, scopeToRoute } from '../common/village-roles.js';
import { AuthRepository } from './auth.repository.js';

const UNAUTHORIZED = '未登录或登录已过期，请重新登录 / not logged in or session expired';

/** What a token must carry: its user, its session row and an expiry. */
interface TokenClaims {
  sub: string;
  jti: string;
  exp: number;
}

function isClaims(payload: Record<string, unknown>): payload is Record<string, unknown> & TokenClaims {
  return (
    typeof payload.sub === 'string' &&
    typeof payload.jti === 'string' &&
    typeof payload.exp === 'number' &&
    Number.isFinite(payload.exp)
  );
}

/** Every route needs a valid token unless @Public; @Roles limits who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly auth: AuthRepository,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException(UNAUTHORIZED);
    let payload: Record<string, unknown>;
    try {
      // Token time follows the product's clock (CLOCK, the test clock), like every other instant.
      payload = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw new UnauthorizedException(UNAUTHORIZED);
    }
    // A token without exp would live for ever; without jti it could not be revoked.
    if (!isClaims(payload)) throw new UnauthorizedException(UNAUTHORIZED);
    const actor = await this.loadActor(payload, request);
    if (!actor) throw new UnauthorizedException(UNAUTHORIZED);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    const villageParam: unknown = request.params?.villageId;
    // The role that counts is the one in the village the route works on (a role per village).
    const scope = scopeToRoute(actor, roles, typeof villageParam === 'string' ? villageParam : undefined);
    if (!scope.allowed) {
      const role = typeof villageParam === 'string' ? (roleIn(actor, villageParam) ?? actor.role) : actor.role;
      throw forbidden('ROLE_FORBIDDEN', `角色「${role}」无权执行此操作`, `role ${role} may not do this`);
    }
    actor.role = scope.role;
    actor.villageIds = scope.villageIds;
    return true;
  }

  /** One query: the live session, its enabled user, the user's villages (and a household user's village). */
  private async loadActor(claims: TokenClaims, request: { id?: string; ip?: string }): Promise<Actor | null> {
    const rows = await this.auth.sessionUser(claims.jti.slice(0, 36), claims.sub.slice(0, 36));
    const user = rows[0];
    if (!user || user.disabled === true || user.disabled === 1) return null;
    const villageIds = [...new Set(rows.map((r) => r.village_id).filter((v): v is string => v !== null))];
    if (user.role === 'household' && user.household_village_id && !villageIds.includes(user.household_village_id)) {
      villageIds.push(user.household_village_id);
    }
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      villageIds,
      allVillages: user.role === 'admin',
      villageRoles: Object.fromEntries(
        rows.filter((r) => r.village_id !== null && r.village_role !== null).map((r) => [r.village_id, r.village_role]),
      ),
      householdId: user.household_id,
      sessionId: claims.jti,
      requestId: String(request.id ?? ''),
      ip: String(request.ip ?? ''),
    };
  }
}
