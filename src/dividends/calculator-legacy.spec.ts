import { describe, expect, it } from '@jest/globals';
import { households, input } from '../../test/support/calc-builders.js';
import { calculateDividend } from './calculator.js';

describe('calculateDividend — snapshots from before dated member units', () => {
  it('weighs each household by its own memberCount, whatever the others have', () => {
    // Runs stored before member units were dated carry `memberCount` and no `memberUnits` (run-lines.ts).
    const legacy = households([{}, {}]).map(({ memberUnits: _units, ...h }, i) => ({ ...h, memberCount: [1, 3][i] }));
    const r = calculateDividend(input(100_000, legacy as never));
    expect(r.payouts.map((p) => [p.units, p.amountFen])).toEqual([
      ['1', 25_000],
      ['3', 75_000],
    ]);
  });
});
