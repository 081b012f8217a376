import { describe, expect, it } from '@jest/globals';
import { goodsLineValue, goodsValue } from './goods.js';

describe('in-kind goods value in the form (as the server counts it)', () => {
  it.each([
    ['50', '3.20', '160.00'],
    ['2.5', '0.01', '0.03'],
    ['2.4999', '0.01', '0.02'],
    ['0.3333', '100.00', '33.33'],
    ['1000000', '999999.99', '999999990000.00'],
  ])('%s × %s = %s', (quantity, unitPrice, value) => {
    expect(goodsLineValue({ quantity, unitPrice })).toBe(value);
  });

  it('sums the lines; a line still being typed counts as nothing', () => {
    const line = (quantity: string, unitPrice: string) => ({ name: '大米', unit: '斤', quantity, unitPrice });
    expect(goodsValue([line('50', '3.20'), line('2', '89.90')])).toBe('339.80');
    expect(goodsLineValue({ quantity: '1.23456', unitPrice: '1.00' })).toBe('');
    expect(goodsValue([line('50', '3.20'), line('', '1.00')])).toBe('160.00');
  });
});
