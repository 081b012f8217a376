import { describe, expect, it } from '@jest/globals';
import type { Role } from './actor.js';
import { roleIn, scopeToRoute } from './village-roles.js';

const A = 'village-a';
const B = 'village-b';
const C = 'village-c';
const agency = {
  role: 'accountant' as Role,
  villageIds: [A, B, C],
  allVillages: false,
  villageRoles: { B: 'household', [B]: 'household', [C]: 'auditor' } as Record<string, Role>,
};
const admin = { role: 'admin' as Role, villageIds: [], allVillages: true, villageRoles: {} };

describe('a role per village', () => {
  it('is the grant’s own role, else the user’s; none outside the user’s villages', () => {
    expect([roleIn(agency, A), roleIn(agency, B), roleIn(agency, C), roleIn(agency, 'other')]).toEqual([
      'accountant',
      'household',
      'auditor',
      null,
    ]);
    expect(roleIn(admin, 'any')).toBe('admin');
  });

  it('a route on one village checks the role in THAT village', () => {
    expect(scopeToRoute(agency, ['accountant'], A)).toEqual({
      allowed: true,
      role: 'accountant',
      villageIds: [A, B, C],
    });
    expect(scopeToRoute(agency, ['accountant'], B)).toEqual({ allowed: false });
    expect(scopeToRoute(agency, ['admin', 'auditor'], C)).toMatchObject({ allowed: true, role: 'auditor' });
    // Not the user's village: judged by the user's own role, the route's 404 answers it.
    expect(scopeToRoute(agency, ['accountant'], 'other')).toMatchObject({ allowed: true, role: 'accountant' });
  });

  it('a route on no village keeps only the villages where the user holds an allowed role', () => {
    expect(scopeToRoute(agency, ['admin', 'auditor'])).toEqual({ allowed: true, role: 'accountant', villageIds: [C] });
    expect(scopeToRoute(agency, ['accountant'])).toEqual({ allowed: true, role: 'accountant', villageIds: [A] });
    expect(scopeToRoute(agency, ['cadre'])).toEqual({ allowed: false });
    expect(scopeToRoute(agency, undefined)).toMatchObject({ allowed: true, villageIds: [A, B, C] });
    expect(scopeToRoute(admin, ['admin', 'auditor'])).toMatchObject({ allowed: true, role: 'admin' });
    expect(scopeToRoute(admin, ['accountant'])).toEqual({ allowed: false });
  });
});
