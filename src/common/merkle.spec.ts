import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildMerkleTree, leafHash, nodeHash, rootFromAuditPath } from './merkle.js';
import { normalizeVerificationCode, verificationCode } from './verification-code.js';

describe('RFC 6962 Merkle tree', () => {
  it('hashes one, two and three leaves as RFC 6962 says', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => leafHash(x));
    expect(buildMerkleTree([a]).root.equals(a)).toBe(true);
    expect(buildMerkleTree([a, b]).root.equals(nodeHash(a, b))).toBe(true);
    expect(buildMerkleTree([a, b, c]).root.equals(nodeHash(nodeHash(a, b), c))).toBe(true);
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  /** RFC 6962 §2.1 as written: MTH and PATH by recursive split at the largest power of two below n. */
  function reference(leaves: Buffer[]): { root: Buffer; paths: Buffer[][] } {
    const split = (n: number) => {
      let k = 1;
      while (k * 2 < n) k *= 2;
      return k;
    };
    const mth = (d: Buffer[]): Buffer =>
      d.length === 1 ? d[0] : nodeHash(mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
    const path = (m: number, d: Buffer[]): Buffer[] => {
      if (d.length === 1) return [];
      const k = split(d.length);
      return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
    };
    return { root: mth(leaves), paths: leaves.map((_, i) => path(i, leaves)) };
  }

  it('builds the same root and paths as the recursive RFC 6962 definition', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(`leaf-${i}`));
      const tree = buildMerkleTree(leaves);
      const ref = reference(leaves);
      expect(tree.root.equals(ref.root)).toBe(true);
      leaves.forEach((_, i) =>
        expect(tree.pathOf(i).map((b) => b.toString('hex'))).toEqual(ref.paths[i].map((b) => b.toString('hex'))),
      );
    }
  });

  it('every audit path recomputes the root; a wrong leaf, index or root is rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => leafHash(`leaf-${i}`));
        const tree = buildMerkleTree(leaves);
        leaves.forEach((leaf, i) => {
          expect(rootFromAuditPath(leaf, i, n, tree.pathOf(i))?.equals(tree.root)).toBe(true);
          expect(rootFromAuditPath(leafHash('forged'), i, n, tree.pathOf(i))?.equals(tree.root) ?? false).toBe(false);
          if (n > 1) {
            expect(rootFromAuditPath(leaf, (i + 1) % n, n, tree.pathOf(i))?.equals(tree.root) ?? false).toBe(false);
          }
        });
      }),
      { numRuns: 70 },
    );
  });
});

describe('verification codes', () => {
  it('are 16 unambiguous characters in four groups (80 bits)', () => {
    const code = verificationCode(leafHash('x'));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normalizeVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normalizeVerificationCode('too-short')).toBeNull();
  });
});
