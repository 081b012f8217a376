import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { canonicalSha256 } from './hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":"x","z":null}]},"b":1}',
    );
    expect(canonicalJson('中文"')).toBe('"中文\\""');
  });

  it('hashes streamed exactly as the whole string', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalSha256(value)).toBe(createHash('sha256').update(canonicalJson(value)).digest('hex'));
      }),
      { numRuns: 300 },
    );
    const big = { households: Array.from({ length: 20_000 }, (_, i) => ({ code: `H${i}`, units: '1.5', score: i })) };
    expect(canonicalSha256(big)).toBe(createHash('sha256').update(canonicalJson(big)).digest('hex'));
  });

  it('parses back to the same value, independent of key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reordered = JSON.parse(JSON.stringify(value), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        expect(canonicalJson(reordered)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
