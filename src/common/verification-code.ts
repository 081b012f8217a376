/** Crockford base32 without I, L, O, U: easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 bits of a leaf hash → 16 characters in four groups: "7K3M-QX9P-…". */
export function verificationCode(leafHash: Buffer): string {
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(leafHash[i]);
  let text = '';
  for (let i = 15; i >= 0; i--) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return text.match(/.{4}/g)!.join('-');
}

/** Accepts lower case, spaces or missing dashes, and the look-alikes O→0, I/L→1. */
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

export function normalizeVerificationCode(input: string): string | null {
  if (CANONICAL.test(input)) return input; // as printed: nothing to clean
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== 16 || [...cleaned].some((c) => !ALPHABET.includes(c))) return null;
  return cleaned.match(/.{4}/g)!.join('-');
}
