import { Decimal } from 'decimal.js';

/** Amounts in the API: yuan strings with at most two decimals. */
export const YUAN_PATTERN = /^\d+(\.\d{1,2})?$/;
export const MAX_AMOUNT_FEN = 100_000_000_000_000; // 1,000,000,000,000.00 yuan, far below 2^53

export function isYuanString(value: unknown): value is string {
  if (typeof value !== 'string' || !YUAN_PATTERN.test(value) || value.length > 20) return false;
  return yuanToFen(value) <= MAX_AMOUNT_FEN;
}

/** "500.5" → 50050. The caller has validated the pattern. */
export function yuanToFen(yuan: string): number {
  const [whole, frac = ''] = yuan.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** 50050 → "500.50" (integer fen only; negative allowed for balances). */
export function fenToYuan(fen: number | bigint): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${abs / 100n}.${frac}`;
}

/** 18350000 → "183,500.00" for printouts. */
export function fenToYuanGrouped(fen: number | bigint): string {
  const plain = fenToYuan(fen);
  const [whole, frac] = plain.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** fen × rate, rounded half-up to the fen. `rate` is a decimal string or Decimal. */
export function mulRateHalfUpFen(fen: number, rate: string | Decimal): number {
  return new Decimal(fen).mul(rate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

export const DECIMAL_PATTERN_4 = /^\d+(\.\d{1,4})?$/;

/** A decimal string with up to 4 decimals → integer scaled by 10^4 (exact). */
export function decimal4ToScaled(value: string): bigint {
  const [whole, frac = ''] = value.split('.');
  return BigInt(whole) * 10_000n + BigInt((frac + '0000').slice(0, 4));
}

export function scaledToDecimal4(scaled: bigint): string {
  return formatScaled(scaled, 4);
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** `formatScaled` in Numbers (a dividend run formats a weight per distinct household): exact below 2^53. */
function formatScaledSmall(scaled: number, decimals: number): string {
  const unit = 10 ** decimals;
  const frac = scaled % unit;
  const whole = (scaled - frac) / unit;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(decimals, '0').replace(/0+$/, '')}`;
}

/** An integer scaled by 10^decimals → shortest exact decimal string ("1.5", "3"). */
export function formatScaled(scaled: bigint, decimals: number): string {
  if (scaled >= 0n && scaled <= MAX_SAFE_BIG && decimals <= 15) return formatScaledSmall(Number(scaled), decimals);
  const unit = 10n ** BigInt(decimals);
  const whole = scaled / unit;
  const frac = (scaled % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
