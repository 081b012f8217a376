/**
 * Canonical JSON: keys sorted at every level, no whitespace, arrays in order, `undefined` object fields
 * left out (in arrays written as null, like JSON.stringify). Defined once; the README documents it.
 * Written as loops: it runs over every journal line on posting and verification.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (value === null || typeof value !== 'object') return value === undefined ? 'null' : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += jsonString(key) + ':' + canonicalJson(v);
  }
  return out + '}';
}

/** Feeds the canonical JSON of `value` to `write` piece by piece (the same bytes, no whole string in memory). */
export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): void {
  if (typeof value === 'string') {
    write(jsonString(value));
    return;
  }
  if (value === null || typeof value !== 'object') {
    write(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) write(',');
      writeCanonicalJson(value[i], write);
    }
    write(']');
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  write('{');
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    if (!first) write(',');
    first = false;
    write(jsonString(key) + ':');
    writeCanonicalJson(v, write);
  }
  write('}');
}

/**
 * A string as UTF-8 storage gives it back: a lone surrogate (refused at the edge, so never expected here)
 * is stored by both databases as U+FFFD, so it is hashed as U+FFFD and the chain still verifies.
 */
function jsonString(text: string): string {
  return JSON.stringify(text.isWellFormed() ? text : text.toWellFormed());
}
