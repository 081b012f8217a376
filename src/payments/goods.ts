/**
 * In-kind dividends (米面油): goods are valued at their stated unit price; the payment's amount must be
 * exactly their value. Pure.
 */
import { decimal4ToScaled, fenToYuan, yuanToFen } from '../common/money.js';
import type { PaymentGoods } from './payment.entity.js';

/** quantity (up to 4 decimals) × unitPrice (yuan), rounded half-up to the fen, exactly in integers. */
export function goodsLineFen(goods: Pick<PaymentGoods, 'quantity' | 'unitPrice'>): number {
  const scaled = decimal4ToScaled(goods.quantity) * BigInt(yuanToFen(goods.unitPrice)); // fen × 10^4
  return Number((scaled + 5_000n) / 10_000n);
}

export function goodsValueFen(goods: Pick<PaymentGoods, 'quantity' | 'unitPrice'>[]): number {
  return goods.reduce((sum, g) => sum + goodsLineFen(g), 0);
}

/** A memo line for the journal: 大米 50 斤 × 3.20 = 160.00; …. */
export function goodsMemo(goods: PaymentGoods[]): string {
  return goods.map((g) => `${g.name} ${g.quantity}${g.unit}×${g.unitPrice}=${fenToYuan(goodsLineFen(g))}`).join('；');
}
