/**
 * Personal information at rest (个人信息保护法): ID-card numbers and bank accounts are sealed with AES-256-GCM
 * under `DATA_KEY`. A sealed value names the key it was sealed with, so old keys can stay readable while
 * everything is re-sealed under a new one (`rotate-data-key`). Pure: node:crypto only.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type PersonalField = 'bankAccount' | 'idNumber';

/** `pd1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>`. */
const PREFIX = 'pd1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Eight hex characters naming a key without revealing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('data-key-id:').update(key).digest('hex').slice(0, 8);
}

export class Keyring {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  /** `current` seals; `previous` keys only open values sealed before a rotation. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error('a data key is 32 bytes');
      this.keys.set(keyId(key), key);
    }
    this.currentId = keyId(current);
  }

  seal(plain: string, field: PersonalField): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    // The field is authenticated too: a bank account cannot be passed off as an ID number.
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    return `${PREFIX}:${this.currentId}:${packed}`;
  }

  /** The plain value; throws when the key is unknown or the value was altered. */
  open(sealed: string, field: PersonalField): string {
    const [prefix, id, packed] = sealed.split(':');
    if (prefix !== PREFIX || !id || packed === undefined) throw new Error('not a sealed value');
    const key = this.keys.get(id);
    if (!key) throw new Error(`sealed under key ${id}, which is not configured (DATA_KEY / DATA_KEY_PREVIOUS)`);
    const raw = Buffer.from(packed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Whether the value is sealed under the current key (else `rotate-data-key` re-seals it). */
  isCurrent(sealed: string): boolean {
    return sealed.split(':')[1] === this.currentId;
  }
}

/** First 4 and last 4 shown, every character between as `*`: 6222********1234; short values keep only the last 4. */
export function maskValue(plain: string): string {
  if (plain.length > 8) return `${plain.slice(0, 4)}${'*'.repeat(plain.length - 8)}${plain.slice(-4)}`;
  if (plain.length > 4) return `${'*'.repeat(plain.length - 4)}${plain.slice(-4)}`;
  return '*'.repeat(plain.length);
}

/** Bank card / account numbers: 8–32 digits (spaces and dashes as typed are dropped first). */
export const BANK_ACCOUNT_PATTERN = /^\d{8,32}$/;
/** 居民身份证号: 18 characters (17 digits and a digit or X) or the old 15 digits. */
export const ID_NUMBER_PATTERN = /^(\d{17}[\dX]|\d{15})$/;

export function normalizeBankAccount(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** A fixed key for development and tests only (the server warns when it is used). */
export const DEV_DATA_KEY = createHash('sha256').update('development-only-data-key').digest();
