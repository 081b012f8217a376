/** The charter's cap on one holder's part of all member shares (Zhejiang: 3%). Pure. */
import { decimal4ToScaled } from '../common/money.js';

/**
 * Holders whose member-share units exceed `capPercent` of the total, compared exactly in integers
 * (units scaled ×10^4, the cap has at most 4 decimals): mine / total > cap / 100.
 */
export function holdersAboveCap<K>(units: Map<K, bigint>, capPercent: string | null | undefined): Set<K> {
  let total = 0n;
  for (const u of units.values()) total += u;
  if (!capPercent || total === 0n) return new Set();
  const cap = decimal4ToScaled(capPercent);
  return new Set([...units].filter(([, mine]) => mine * 100n * 10_000n > total * cap).map(([key]) => key));
}
