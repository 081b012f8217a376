import { createHash, type Hash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Chain link: SHA-256 over the previous hash (hex text) followed by the canonical JSON of the record. */
export function chainHash(prevHash: string, record: unknown): string {
  return streamCanonical(createHash('sha256').update(prevHash), record);
}

/** Feeds a value's canonical JSON into a hash in 64 KB pieces: the same bytes, no whole string in memory. */
function streamCanonical(hash: Hash, value: unknown): string {
  let buffered = '';
  writeCanonicalJson(value, (chunk) => {
    buffered += chunk;
    if (buffered.length > 65_536) {
      hash.update(buffered);
      buffered = '';
    }
  });
  return hash.update(buffered).digest('hex');
}

/** SHA-256 of a value's canonical JSON, streamed: snapshots of 250,000 households never become one string. */
export function canonicalSha256(value: unknown): string {
  return streamCanonical(createHash('sha256'), value);
}
