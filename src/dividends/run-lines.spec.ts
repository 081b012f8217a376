import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { input } from '../../test/support/calc-builders.js';
import { canonicalSha256 } from '../common/hash.js';
import { calculateDividend } from './calculator.js';
import { linesOf, runInputsOf, snapshotHash, storedResultHash, totalsOf } from './run-lines.js';

const households = fc.array(
  fc.record({
    members: fc.integer({ min: 0, max: 9 }),
    score: fc.integer({ min: 0, max: 150 }),
    shares: fc.integer({ min: 0, max: 40 }).map(String),
  }),
  { minLength: 1, maxLength: 30 },
);

/** A run stored as rows hashes to the same SHA-256 as its whole snapshot and result did (README). */
describe('a run as rows', () => {
  it('hashes its snapshot and result page by page to the bytes of the whole objects', async () => {
    await fc.assert(
      fc.asyncProperty(households, fc.boolean(), async (spec, split) => {
        spec[0].members = 1;
        const calcInput = input(
          1_234_567,
          spec.map((s, i) => ({
            householdId: `id-${i}`,
            householdCode: `H${String(i).padStart(3, '0')}`,
            memberUnits: String(s.members),
            shareUnits: s.shares,
            score: s.score + 1,
          })),
          split ? { scoring: { mode: 'split', scoreShare: '0.3' } } : {},
        );
        const calc = calculateDividend(calcInput);
        const meta = { algorithm: calc.algorithm, villageId: 'v', villageCode: 'V1', year: 2025 };
        const charter = { minReservePercent: '10' } as never;
        const snapshot = { ...meta, input: calcInput, incomeEntries: [], charter };
        const inputs = runInputsOf(calcInput, { ...meta, incomeEntries: [], charter });
        const lines = [...linesOf('run', calcInput, calc)];
        expect(await snapshotHash(inputs, lines)).toBe(canonicalSha256(snapshot));
        expect(await storedResultHash(totalsOf(calc), lines)).toBe(canonicalSha256(calc));
      }),
      { numRuns: 60 },
    );
  });
});
