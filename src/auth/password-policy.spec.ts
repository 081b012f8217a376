import { describe, expect, it } from '@jest/globals';
import { passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it.each([
    ['8 spaces', ' '.repeat(8), /10–200 characters/],
    ['10 spaces', ' '.repeat(10), /blank/],
    ['9 characters', 'abcdefgh1', /10–200 characters/],
    ['password', 'password', /10–200 characters/],
    ['a common one with punctuation', 'Password123!', /common/],
    ['a common one typed in full width (an input method)', 'ｐａｓｓｗｏｒｄ１２３', /common/],
    ['one repeated character', 'aaaaaaaaaaaa', /repeated/],
    ['two characters repeated', 'abababababab', /repeated/],
    ['the username', 'kuaiji2026x', /username/],
    ['the username reversed', 'x6202ijiauk', /username/],
    ['the username in full-width capitals', 'ＫＵＡＩＪＩ２０２６Ｘ', /username/],
    ['201 characters', 'a1b2c3'.repeat(34).slice(0, 201), /10–200 characters/],
  ])('refuses %s', (_name, password, problem) => {
    expect(passwordProblem(password, 'kuaiji2026x')).toMatch(problem);
  });

  it.each([
    ['demo-village-2026', 'kuaiji'],
    ['kuaiji-grass-2026', 'kuaiji'], // containing the name is fine: only the name itself is refused
    ['admin-password-1', 'admin'],
    ['草原上的羊群有三百只', 'shuji'],
    ['😀😀😀abcdefgh', 'shuji'], // 11 code points, 14 UTF-16 units
    ['😀'.repeat(150) + 'abcdefghij', 'shuji'], // 160 code points, 310 UTF-16 units
  ])('accepts %s for %s', (password, username) => {
    expect(passwordProblem(password, username)).toBeNull();
  });

  it('counts characters, not UTF-16 units, and names the field it is given', () => {
    expect(passwordProblem('😀😀😀😀😀', 'x', 'new')).toBe('new: 密码须为10–200个字符 / new must be 10–200 characters');
    expect(passwordProblem('nimda-root', 'root-admin', 'ADMIN_PASSWORD')).toBeNull();
    expect(passwordProblem('nimda', 'admin', 'ADMIN_PASSWORD')).toMatch(/^ADMIN_PASSWORD: /);
  });
});
