/** The Merkle leaf of a posted payout and its verification code. Pure: shared by the server and scripts/verify-slip. */
import { canonicalJson } from '../common/canonical-json.js';
import { fenToYuan } from '../common/money.js';
import { buildMerkleTree, leafHash } from '../common/merkle.js';
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
