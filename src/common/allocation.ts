/**
 * Largest-remainder allocation of an integer pool (fen) by exact integer weights.
 * q_h = pool × w_h / Σw; each gets floor(q_h); the k fen left go one each to the k largest remainders,
 * ties to the smaller key (plain string order). Σ result = pool, always.
 */
export interface Claim {
  key: string;
  weight: bigint;
}

export function allocateLargestRemainder(poolFen: bigint, claims: Claim[]): bigint[] {
  if (poolFen < 0n) throw new RangeError('allocate: negative pool');
  const totalWeight = claims.reduce((sum, c) => sum + c.weight, 0n);
  if (totalWeight <= 0n) throw new RangeError('allocate: total weight must be positive');
  const amounts: bigint[] = new Array(claims.length);
  const remainders: bigint[] = new Array(claims.length);
  let allocated = 0n;
  for (let i = 0; i < claims.length; i++) {
    if (claims[i].weight < 0n) throw new RangeError('allocate: negative weight');
    const numerator = poolFen * claims[i].weight;
    amounts[i] = numerator / totalWeight;
    remainders[i] = numerator % totalWeight; // same denominator for all: compare numerators
    allocated += amounts[i];
  }
  let left = poolFen - allocated;
  if (left > 0n) {
    const order = claims.map((_, i) => i).filter((i) => remainders[i] > 0n);
    order.sort((a, b) => {
      if (remainders[a] !== remainders[b]) return remainders[a] > remainders[b] ? -1 : 1;
      return claims[a].key < claims[b].key ? -1 : claims[a].key > claims[b].key ? 1 : 0;
    });
    for (const i of order) {
      if (left === 0n) break;
      amounts[i] += 1n;
      left -= 1n;
    }
  }
  if (amounts.reduce((s, a) => s + a, 0n) !== poolFen) throw new Error('allocate: Σ amounts ≠ pool (invariant broken)');
  return amounts;
}
