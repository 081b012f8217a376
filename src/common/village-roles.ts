/**
 * A role per village (CONTRACT "Township"): a user may be the accountant of village A and only a household
 * reader, or nobody, in B. Every check of a role that concerns one village asks for the role in THAT
 * village. Pure.
 */
import type { Actor } from './actor.js';
import type { Role } from './actor.js';

type Scoped = Pick<Actor, 'role' | 'villageIds' | 'allVillages' | 'villageRoles'>;

/** The user's role in this village; null when the village is not theirs. */
export function roleIn(actor: Scoped, villageId: string): Role | null {
  if (actor.allVillages) return actor.role;
  if (!actor.villageIds.includes(villageId)) return null;
  return actor.villageRoles?.[villageId] ?? actor.role;
}

export type RouteScope = { allowed: false } | { allowed: true; role: Role; villageIds: string[] };

/**
 * What a route that needs `roles` leaves of the actor: for a route on one village (`:villageId`), the role
 * there; otherwise the villages where the user holds one of `roles` (a list or an entity id resolves to
 * one of those, anything else is not theirs: 404).
 */
export function scopeToRoute(actor: Scoped, roles: readonly Role[] | undefined, villageId?: string): RouteScope {
  if (actor.allVillages) {
    return !roles || roles.includes(actor.role)
      ? { allowed: true, role: actor.role, villageIds: actor.villageIds }
      : { allowed: false };
  }
  if (villageId !== undefined) {
    // Not the user's village: the route's own 404 answers it, judged by the user's own role here.
    const role = roleIn(actor, villageId) ?? actor.role;
    return !roles || roles.includes(role) ? { allowed: true, role, villageIds: actor.villageIds } : { allowed: false };
  }
  if (!roles) return { allowed: true, role: actor.role, villageIds: actor.villageIds };
  const villageIds = actor.villageIds.filter((v) => roles.includes(roleIn(actor, v)!));
  if (villageIds.length === 0 && !roles.includes(actor.role)) return { allowed: false };
  return { allowed: true, role: actor.role, villageIds };
}
