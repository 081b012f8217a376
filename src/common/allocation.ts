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

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/**
 * `allocateLargestRemainder` in plain Numbers, the same result without a BigInt per claim: the weights are
 * divided by their greatest common divisor (remainders keep their order), and every product pool × w and
 * quotient × Σw must then stay an exact integer below 2^53. Returns null when they would not.
 */
export function allocateLargestRemainderSmall(
  poolFen: number,
  weights: ArrayLike<number>,
  keyOf: (i: number) => string,
): number[] | null {
  if (!Number.isSafeInteger(poolFen) || poolFen < 0) return null;
  let divisor = 0;
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!Number.isSafeInteger(w) || w < 0) return null;
    divisor = gcd(w, divisor);
    if (w > max) max = w;
  }
  if (divisor === 0) throw new RangeError('allocate: total weight must be positive');
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] / divisor;
  if (!(poolFen * (max / divisor) + total <= Number.MAX_SAFE_INTEGER)) return null;
  return allocateReduced(poolFen, weights, divisor, total, keyOf);
}

function allocateReduced(
  poolFen: number,
  weights: ArrayLike<number>,
  divisor: number,
  total: number,
  keyOf: (i: number) => string,
): number[] {
  const amounts = new Array<number>(weights.length);
  const remainders = new Float64Array(weights.length);
  let left = poolFen;
  for (let i = 0; i < weights.length; i++) {
    const numerator = poolFen * (weights[i] / divisor);
    let quotient = Math.floor(numerator / total);
    let remainder = numerator - quotient * total;
    // The float division may be off by one either way: correct it so that 0 ≤ remainder < total, exactly.
    while (remainder < 0) {
      quotient--;
      remainder += total;
    }
    while (remainder >= total) {
      quotient++;
      remainder -= total;
    }
    amounts[i] = quotient;
    remainders[i] = remainder;
    left -= quotient;
  }
  if (left > 0) {
    const order = largestRemaindersFirst(remainders, total, keyOf);
    for (let k = 0; k < left; k++) amounts[order[k]] += 1;
  }
  return amounts;
}

/** Indices by remainder, largest first, ties to the smaller key; zero remainders last. */
function largestRemaindersFirst(
  remainders: Float64Array,
  total: number,
  keyOf: (i: number) => string,
): ArrayLike<number> {
  const n = remainders.length;
  let keysAscending = true;
  for (let i = 1; i < n && keysAscending; i++) keysAscending = keyOf(i - 1) < keyOf(i);
  if (keysAscending && total * n <= Number.MAX_SAFE_INTEGER) {
    // Keys already in index order: one exact number per claim, (total − remainder) × n + index, sorted natively.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (total - remainders[i]) * n + i;
    packed.sort();
    return packed.map((v) => v % n);
  }
  const order = Array.from(remainders.keys());
  return order.sort((a, b) => {
    if (remainders[a] !== remainders[b]) return remainders[b] - remainders[a];
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
