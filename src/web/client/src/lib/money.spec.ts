import { describe, expect, it } from '@jest/globals';
import { groupYuan, normaliseMoney, sumYuan, toHalfWidth } from './money.js';

const ok = (input: string) => normaliseMoney(input, { label: '金额' });

describe('normaliseMoney (what people type → the API string)', () => {
  it.each([
    ['12,345.67', '12345.67'],
    ['12345.6', '12345.60'],
    ['12345', '12345.00'],
    ['１２，３４５．６７', '12345.67'],
    ['¥12,345.67', '12345.67'],
    ['￥ 1 234.5', '1234.50'],
    [' 12 345.67 元', '12345.67'],
    ['人民币100', '100.00'],
    ['.5', '0.50'],
    ['007.10', '7.10'],
    ['0', '0.00'],
    ['1,000,000', '1000000.00'],
  ])('%s → %s', (input, value) => {
    expect(ok(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', '请填写金额，例如 12,345.67'],
    ['15%', '金额请填写金额（元），不是百分比'],
    ['12.345', '金额最多两位小数（到分），请改为如 12.35'],
    ['12,34.5', '金额的千分位逗号位置不对，请写成 12,345.67 或 12345.67'],
    ['abc', '金额只能填写数字（元），例如 12,345.67'],
    ['1.2.3', '金额只能填写数字（元），例如 12,345.67'],
    ['-5', '金额不能是负数，请填写正数金额'],
    ['12345678901234', '金额太大，请核对位数'],
  ])('%s is refused: %s', (input, message) => {
    expect(ok(input)).toEqual({ ok: false, message });
  });

  it('names the field, refuses 0 when positive, allows a minus when asked', () => {
    expect(normaliseMoney('0.00', { label: '分配总额', positive: true })).toEqual({
      ok: false,
      message: '分配总额必须大于 0，请填写金额',
    });
    expect(normaliseMoney('-1,000.5', { label: '借方', negative: true })).toEqual({ ok: true, value: '-1000.50' });
    expect(normaliseMoney('-0', { label: '借方' })).toEqual({ ok: true, value: '0.00' });
  });

  it('helpers: half-width, grouping, exact sums', () => {
    expect(toHalfWidth('０１２３４５６７８９．，')).toBe('0123456789.,');
    expect(groupYuan('1234567.8')).toBe('1,234,567.80');
    expect(groupYuan('-1000')).toBe('-1,000.00');
    expect(sumYuan(['0.10', '0.20', '1,0'.replace(',', '')])).toBe('10.30');
    expect(sumYuan(['9007199254740.99', '0.01'])).toBe('9007199254741.00');
  });
});
