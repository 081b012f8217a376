import { describe, expect, it } from '@jest/globals';
import { type Viewer, visibleToHousehold, warningsForViewer } from './household-scope.js';

const own: Viewer = { role: 'household', householdId: 'h2' };
const staff: Viewer = { role: 'auditor', householdId: null };
const rows = [
  { id: 1, householdId: 'h1' },
  { id: 2, householdId: 'h2' },
  { id: 3, householdId: null },
  { id: 4, householdId: 'h2' },
];

describe('visibleToHousehold', () => {
  it('staff see every row; a household only its own', () => {
    expect(visibleToHousehold(staff, rows, (r) => r.householdId).map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(visibleToHousehold(own, rows, (r) => r.householdId).map((r) => r.id)).toEqual([2, 4]);
  });

  it('village-level rows only when asked for', () => {
    expect(visibleToHousehold(own, rows, (r) => r.householdId, { villageLevel: true }).map((r) => r.id)).toEqual([
      2, 3, 4,
    ]);
  });

  it('a household user without a household sees nothing of any household', () => {
    const orphan: Viewer = { role: 'household', householdId: null };
    expect(visibleToHousehold(orphan, rows, (r) => r.householdId)).toEqual([]);
    expect(visibleToHousehold(orphan, rows, (r) => r.householdId, { villageLevel: true })).toEqual([rows[2]]);
  });
});

describe('warningsForViewer', () => {
  const warnings = [
    { code: 'CUT', message: '3 户', householdCodes: ['H1', 'H2', 'H3'] },
    { code: 'RESERVE', message: 'village-level' },
    { code: 'ZERO', message: '1 户', householdCodes: ['H4'] },
    { code: 'NONE', message: '0 户', householdCodes: [] },
  ];

  it('staff read them all, unchanged', () => {
    expect(warningsForViewer(staff, warnings, null)).toEqual(warnings);
  });

  it('a household keeps village-level warnings and those naming it, naming only itself', () => {
    expect(warningsForViewer(own, warnings, 'H2')).toEqual([
      { code: 'CUT', message: '3 户', householdCodes: ['H2'] },
      { code: 'RESERVE', message: 'village-level' },
    ]);
  });

  it('a household outside the run keeps only village-level warnings', () => {
    expect(warningsForViewer(own, warnings, null)).toEqual([{ code: 'RESERVE', message: 'village-level' }]);
  });
});
