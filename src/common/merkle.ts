import { createHash } from 'node:crypto';

/** RFC 6962 Merkle tree hashing: leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖ right). */
export function leafHash(data: Buffer | string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

export interface MerkleTree {
  root: Buffer;
  size: number;
  /** Audit path of a leaf, leaf-to-root order (RFC 6962 PATH), computed on demand. */
  pathOf(index: number): Buffer[];
}

/**
 * Root and audit paths of the RFC 6962 tree, built level by level: pairs hashed, an odd last node carried
 * up unchanged — the same tree as RFC 6962's recursive split at the largest power of two. Keeps ~2n
 * hashes in memory; a path is O(log n) to read.
 */
export function buildMerkleTree(leaves: Buffer[]): MerkleTree {
  if (leaves.length === 0) return { root: createHash('sha256').digest(), size: 0, pathOf: () => [] };
  const levels: Buffer[][] = [leaves];
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1];
    const level: Buffer[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(below[i], below[i + 1]));
    if (below.length % 2 === 1) level.push(below[below.length - 1]);
    levels.push(level);
  }
  return {
    root: levels[levels.length - 1][0],
    size: leaves.length,
    pathOf(index: number): Buffer[] {
      const path: Buffer[] = [];
      let i = index;
      for (let l = 0; l < levels.length - 1; l++) {
        const sibling = i ^ 1;
        if (sibling < levels[l].length) path.push(levels[l][sibling]);
        i >>= 1;
      }
      return path;
    },
  };
}

/** RFC 9162 §2.1.3.2: recompute the root from a leaf hash, its index, the tree size and the path. */
export function rootFromAuditPath(leaf: Buffer, index: number, size: number, path: Buffer[]): Buffer | null {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
