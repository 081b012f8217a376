import { describe, expect, it } from '@jest/globals';
import { goodsLineFen, goodsMemo, goodsValueFen } from './goods.js';

describe('in-kind goods value', () => {
  it('values each line half-up to the fen, exactly', () => {
    expect(goodsLineFen({ quantity: '50', unitPrice: '3.20' })).toBe(16_000);
    expect(goodsLineFen({ quantity: '2.5', unitPrice: '0.01' })).toBe(3); // 2.5 fen → 3
    expect(goodsLineFen({ quantity: '2.4999', unitPrice: '0.01' })).toBe(2);
    expect(goodsLineFen({ quantity: '0.3333', unitPrice: '100.00' })).toBe(3_333);
    expect(goodsLineFen({ quantity: '1000000', unitPrice: '999999.99' })).toBe(99_999_999_000_000);
  });

  it('sums the lines', () => {
    const goods = [
      { name: '大米', quantity: '50', unit: '斤', unitPrice: '3.20' },
      { name: '食用油', quantity: '2', unit: '桶', unitPrice: '89.90' },
    ];
    expect(goodsValueFen(goods)).toBe(16_000 + 17_980);
    expect(goodsMemo(goods)).toBe('大米 50斤×3.20=160.00；食用油 2桶×89.90=179.80');
  });
});
