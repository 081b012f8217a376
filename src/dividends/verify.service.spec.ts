import { describe, expect, it } from '@jest/globals';
import { maskName } from './verify.service.js';

describe('maskName', () => {
  it.each([
    ['孟和阿古拉', '孟*阿古拉'],
    ['王建国', '王*国'],
    ['王芳', '王*'],
    ['巴', '巴'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
