import { createHash, type Hash } from 'node:crypto';
import { canonicalJson, writeCanonicalJson } from './canonical-json.js';

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

/**
 * SHA-256 of a value's canonical JSON where one array comes page by page: `value` holds the string
 * `placeholder` where the array stands, `items` yields its elements in order. The same bytes as hashing the
 * whole value, so a 250,000-element list is never in memory at once.
 */
export function canonicalSha256Listed(
  value: unknown,
  placeholder: string,
  items: AsyncIterable<unknown> | Iterable<unknown>,
): Promise<string> {
  return listedHash(createHash('sha256'), value, placeholder, items);
}

/** `chainHash(prevHash, value)` with one array of `value` coming item by item (as `canonicalSha256Listed`). */
export function chainHashListed(
  prevHash: string,
  value: unknown,
  placeholder: string,
  items: AsyncIterable<unknown> | Iterable<unknown>,
): Promise<string> {
  return listedHash(createHash('sha256').update(prevHash), value, placeholder, items);
}

async function listedHash(
  hash: Hash,
  value: unknown,
  placeholder: string,
  items: AsyncIterable<unknown> | Iterable<unknown>,
): Promise<string> {
  const outer = canonicalJson(value);
  const at = outer.indexOf(JSON.stringify(placeholder));
  if (at < 0 || outer.indexOf(JSON.stringify(placeholder), at + 1) >= 0) {
    throw new Error('canonicalSha256Listed: the placeholder must stand exactly once in the value');
  }
  hash.update(outer.slice(0, at)).update('[');
  let buffered = '';
  let first = true;
  for await (const item of items) {
    if (!first) buffered += ',';
    first = false;
    writeCanonicalJson(item, (chunk) => (buffered += chunk));
    if (buffered.length > 65_536) {
      hash.update(buffered);
      buffered = '';
    }
  }
  return hash
    .update(buffered + ']')
    .update(outer.slice(at + JSON.stringify(placeholder).length))
    .digest('hex');
}
