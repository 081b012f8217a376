import { createHash, hash } from 'node:crypto';

const HASH_BYTES = 32;

/** RFC 6962 Merkle tree hashing: leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖ right). */
export function leafHash(data: Buffer | string): Buffer {
  const out = Buffer.allocUnsafe(HASH_BYTES);
  leafHashInto(data, out, 0);
  return out;
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HASH_BYTES);
  nodeHashInto(left, right, out, 0);
  return out;
}

/*
 * A tree's hashes are written into its packed levels from one reused input buffer, by one-shot `hash` (hex, a
 * V8 string): no `Hash` object, prefix Buffer and digest Buffer per hash — 750,000 for 250,000 payouts.
 */
let scratch = Buffer.allocUnsafe(256);

function scratchOf(length: number): Buffer {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
  return scratch;
}

/** H(0x00 ‖ data) written at `target[offset…offset+32]`. */
export function leafHashInto(data: Buffer | string, target: Buffer, offset: number): void {
  const length = 1 + (typeof data === 'string' ? Buffer.byteLength(data) : data.length);
  const bytes = scratchOf(length);
  bytes[0] = 0;
  if (typeof data === 'string') bytes.write(data, 1);
  else data.copy(bytes, 1);
  target.write(hash('sha256', bytes.subarray(0, length)), offset, HASH_BYTES, 'hex');
}

/** H(0x01 ‖ left ‖ right) written at `target[offset…offset+32]`. */
function nodeHashInto(left: Buffer, right: Buffer, target: Buffer, offset: number): void {
  const length = 1 + left.length + right.length;
  const bytes = scratchOf(length);
  bytes[0] = 1;
  left.copy(bytes, 1);
  right.copy(bytes, 1 + left.length);
  target.write(hash('sha256', bytes.subarray(0, length)), offset, HASH_BYTES, 'hex');
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
  const levels = packedLevels(Buffer.concat(leaves));
  let step = levels.next();
  while (!step.done) step = levels.next();
  return treeOf(step.value);
}

/**
 * The same tree over leaf hashes packed in one buffer (32 bytes each: no object per hash, 250,000 leaves
 * and their levels in 16 MB), `pause` awaited every `every` node hashes.
 */
export async function buildPackedMerkleTree(
  leaves: Buffer,
  pause: () => Promise<void>,
  every = 1_000,
): Promise<MerkleTree> {
  const levels = packedLevels(leaves, every);
  let step = levels.next();
  while (!step.done) {
    await pause();
    step = levels.next();
  }
  return treeOf(step.value);
}

/** The tree's levels, leaves first, each packed; yields every `every` node hashes (so a caller may pause). */
function* packedLevels(leaves: Buffer, every = Infinity): Generator<void, Buffer[]> {
  const levels: Buffer[] = [leaves];
  let hashed = 0;
  while (levels[levels.length - 1].length > HASH_BYTES) {
    const below = levels[levels.length - 1];
    const n = below.length / HASH_BYTES;
    const level = Buffer.allocUnsafe(Math.ceil(n / 2) * HASH_BYTES);
    for (let i = 0; i + 1 < n; i += 2) {
      nodeHashInto(hashAt(below, i), hashAt(below, i + 1), level, (i / 2) * HASH_BYTES);
      if (++hashed % every === 0) yield;
    }
    if (n % 2 === 1) below.copy(level, ((n - 1) / 2) * HASH_BYTES, (n - 1) * HASH_BYTES);
    levels.push(level);
  }
  return levels;
}

function hashAt(level: Buffer, i: number): Buffer {
  return level.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
}

function treeOf(levels: Buffer[]): MerkleTree {
  const size = levels[0].length / HASH_BYTES;
  if (size === 0) return { root: createHash('sha256').digest(), size: 0, pathOf: () => [] };
  return {
    root: hashAt(levels[levels.length - 1], 0),
    size,
    pathOf(index: number): Buffer[] {
      const path: Buffer[] = [];
      let i = index;
      for (let l = 0; l < levels.length - 1; l++) {
        const sibling = i ^ 1;
        if (sibling < levels[l].length / HASH_BYTES) path.push(hashAt(levels[l], sibling));
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
