import { describe, expect, it } from '@jest/globals';
import { Keyring, keyId, maskValue } from './personal-data.js';

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);

describe('personal data at rest', () => {
  it('seals with AES-256-GCM under a named key; the value never appears in the sealed text', () => {
    const ring = new Keyring(KEY_A);
    const sealed = ring.seal('6222021234561234', 'bankAccount');
    expect(sealed).toMatch(new RegExp(`^pd1:${keyId(KEY_A)}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('6222021234561234');
    expect(ring.open(sealed, 'bankAccount')).toBe('6222021234561234');
    // A fresh IV each time: equal values do not look equal at rest.
    expect(ring.seal('6222021234561234', 'bankAccount')).not.toBe(sealed);
  });

  it('refuses an altered value, another field, or an unknown key', () => {
    const ring = new Keyring(KEY_A);
    const sealed = ring.seal('152101199001011234', 'idNumber');
    expect(() => ring.open(sealed, 'bankAccount')).toThrow();
    const packed = sealed.split(':')[2];
    const flipped = `${packed.slice(0, -2)}${packed.endsWith('A') ? 'B' : 'A'}${packed.slice(-1)}`;
    expect(() => ring.open(`pd1:${keyId(KEY_A)}:${flipped}`, 'idNumber')).toThrow();
    expect(() => new Keyring(KEY_B).open(sealed, 'idNumber')).toThrow(/not configured/);
    expect(() => ring.open('plain text', 'idNumber')).toThrow(/not a sealed value/);
  });

  it('rotation: the new key seals, the previous key still opens old values', () => {
    const old = new Keyring(KEY_A).seal('152101199001011234', 'idNumber');
    const ring = new Keyring(KEY_B, [KEY_A]);
    expect(ring.isCurrent(old)).toBe(false);
    expect(ring.open(old, 'idNumber')).toBe('152101199001011234');
    const resealed = ring.seal(ring.open(old, 'idNumber'), 'idNumber');
    expect(ring.isCurrent(resealed)).toBe(true);
    expect(new Keyring(KEY_B).open(resealed, 'idNumber')).toBe('152101199001011234');
  });

  it('masks all but the first and last 4 characters', () => {
    expect(maskValue('6222021234561234')).toBe('6222********1234');
    expect(maskValue('152101199001011234')).toBe('1521**********1234');
    expect(maskValue('12345678')).toBe('****5678');
    expect(maskValue('1234')).toBe('****');
  });
});
