import { createHash } from 'node:crypto';

/** RFC 6962 Merkle tree hashing: leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖ right). */
export function leafHash(data: Buffer | string): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export interface MerkleTree {
  root: Buffer;
  /** audit path per leaf, leaf-to-root order (RFC 6962 PATH). */
  paths: Buffer[][];
}

/** Root and every leaf's audit path in O(n log n). */
export function buildMerkleTree(leaves: Buffer[]): MerkleTree {
  if (leaves.length === 0) return { root: createHash('sha256').digest(), paths: [] };
  const paths: Buffer[][] = leaves.map(() => []);
  const root = subtree(leaves, 0, leaves.length, paths);
  return { root, paths };
}

function subtree(leaves: Buffer[], start: number, end: number, paths: Buffer[][]): Buffer {
  const n = end - start;
  if (n === 1) return leaves[start];
  const k = largestPowerOfTwoBelow(n);
  const left = subtree(leaves, start, start + k, paths);
  const right = subtree(leaves, start + k, end, paths);
  for (let i = start; i < start + k; i++) paths[i].push(right);
  for (let i = start + k; i < end; i++) paths[i].push(left);
  return nodeHash(left, right);
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
