/** The Merkle leaf of a posted payout and its verification code. Pure: shared by the server and scripts/verify-slip. */
import { canonicalJson } from '../common/canonical-json.js';
import { fenToYuan } from '../common/money.js';
import { buildMerkleTree, buildPackedMerkleTree, leafHash, leafHashInto } from '../common/merkle.js';
import { verificationCode } from '../common/verification-code.js';

export interface LeafFields {
  runId: string;
  villageCode: string;
  year: number;
  householdCode: string;
  amountFen: number;
  index: number;
}

/** Leaf bytes: canonical JSON of {amount, householdCode, index, runId, villageCode, year}. */
export function leafBytes(f: LeafFields): string {
  return canonicalJson({
    amount: fenToYuan(f.amountFen),
    householdCode: f.householdCode,
    index: f.index,
    runId: f.runId,
    villageCode: f.villageCode,
    year: f.year,
  });
}

export interface PayoutProof {
  householdCode: string;
  amountFen: number;
  index: number;
  leafHash: string;
  code: string;
}

/** Payouts above 0.00, in household-code order, as leaves of the run's tree. */
export function buildPayoutProofs(
  run: { runId: string; villageCode: string; year: number },
  payouts: { householdCode: string; amountFen: number }[],
) {
  const positive = payouts
    .filter((p) => p.amountFen > 0)
    .sort((a, b) => (a.householdCode < b.householdCode ? -1 : a.householdCode > b.householdCode ? 1 : 0));
  const leaves = positive.map((p, index) =>
    leafHash(leafBytes({ ...run, householdCode: p.householdCode, amountFen: p.amountFen, index })),
  );
  const tree = buildMerkleTree(leaves);
  const proofs: PayoutProof[] = positive.map((p, index) => ({
    householdCode: p.householdCode,
    amountFen: p.amountFen,
    index,
    leafHash: leaves[index].toString('hex'),
    code: verificationCode(leaves[index]),
  }));
  // Paths are read one at a time (hex strings for 250,000 leaves at once would take hundreds of MB).
  const pathOf = (index: number) => tree.pathOf(index).map((h) => h.toString('hex'));
  return { root: tree.root.toString('hex'), size: positive.length, proofs, pathOf };
}

/** A posted run's tree over payouts held as columns: leaves packed, codes and paths read one leaf at a time. */
export interface PayoutTree {
  root: string;
  size: number;
  /** The payout (its index in the columns) at a leaf. */
  payoutAt(leaf: number): number;
  leafHash(leaf: number): Buffer;
  /** Audit path as hex hashes, leaf to root. */
  pathOf(leaf: number): string[];
}

/**
 * `buildPayoutProofs` for payouts above 0.00 given as columns (in any order; the leaves follow household
 * codes), the same leaves and tree, with `pause` awaited every `every` hashes: a 250,000-payout run keeps
 * 250,000 × 32 bytes of leaves and as much again of inner nodes, no object per payout.
 */
export async function buildPayoutTree(
  run: { runId: string; villageCode: string; year: number },
  payouts: { householdCodes: string[]; amountsFen: number[] },
  pause: () => Promise<void>,
  every = 1_000,
): Promise<PayoutTree> {
  const codes = payouts.householdCodes;
  const order = codeOrder(codes);
  const leaves = Buffer.allocUnsafe(order.length * 32);
  for (let index = 0; index < order.length; index++) {
    const p = order[index];
    // Named one by one, not `{ ...run, … }`: a spread object per leaf made ~4 KB of garbage that V8 promoted
    // (150 MB of old space before a full GC, for 250,000 leaves).
    const { runId, villageCode, year } = run;
    const fields = { runId, villageCode, year, householdCode: codes[p], amountFen: payouts.amountsFen[p], index };
    leafHashInto(leafBytes(fields), leaves, index * 32);
    if ((index + 1) % every === 0) await pause();
  }
  const tree = await buildPackedMerkleTree(leaves, pause, every);
  return {
    root: tree.root.toString('hex'),
    size: tree.size,
    payoutAt: (leaf) => order[leaf],
    leafHash: (leaf) => leaves.subarray(leaf * 32, leaf * 32 + 32),
    pathOf: (leaf) => tree.pathOf(leaf).map((h) => h.toString('hex')),
  };
}

/** Indices of `codes` in code order (as `buildPayoutProofs` sorts; ties in their given order). */
function codeOrder(codes: string[]): Uint32Array {
  const order = Uint32Array.from(codes.keys());
  let sorted = true;
  for (let i = 1; i < codes.length && sorted; i++) sorted = codes[i - 1] <= codes[i];
  if (sorted) return order; // a run's lines are in code order already: no sort to hold the event loop
  return order.sort((a, b) => (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : a - b));
}
