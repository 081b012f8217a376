import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'accountant', 'cadre', 'scorer', 'auditor', 'household'] as const;
export type Role = (typeof ROLES)[number];

/** The logged-in user as every service sees it. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  /** Villages this user may read (admin: all, marked by allVillages). */
  villageIds: string[];
  allVillages: boolean;
  /** The role in each village where a grant gives one of its own (else `role` holds there). */
  villageRoles?: Record<string, Role>;
  householdId: string | null;
  /** The login session (token `jti`) of an HTTP request; absent for the CLI and the bench. */
  sessionId?: string;
  requestId: string;
  ip: string;
}

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** No login needed (health, login, public verification). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Who may call the route; reads are further limited to the user's villages by the services. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const READERS: Role[] = ['admin', 'accountant', 'cadre', 'scorer', 'auditor', 'household'];
export const REGISTER_WRITERS: Role[] = ['admin', 'accountant', 'cadre'];

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});
