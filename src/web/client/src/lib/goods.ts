// In-kind payments (实物兑付): the value of the goods as the server counts it (quantity × unit price, half-up to
// the fen, in integers), so the form can say before sending whether it equals the amount. Pure.
import { fenToYuan, yuanToFen } from './money.js';

export interface GoodsLine {
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
}

const QUANTITY = /^\d+(\.\d{1,4})?$/;

export function validQuantity(quantity: string): boolean {
  return QUANTITY.test(quantity.trim()) && Number(quantity) > 0;
}

/** Value in yuan of one line; '' while the quantity or the price is not a number yet. */
export function goodsLineValue(line: Pick<GoodsLine, 'quantity' | 'unitPrice'>): string {
  if (!validQuantity(line.quantity) || !line.unitPrice) return '';
  const [whole, fraction = ''] = line.quantity.trim().split('.');
  const scaled = BigInt(whole) * 10_000n + BigInt((fraction + '0000').slice(0, 4));
  return fenToYuan((scaled * yuanToFen(line.unitPrice) + 5_000n) / 10_000n);
}

export function goodsValue(lines: GoodsLine[]): string {
  return fenToYuan(lines.reduce((sum, l) => sum + yuanToFen(goodsLineValue(l) || '0'), 0n));
}
