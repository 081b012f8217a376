import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { packArchive, rowsToPart, sha256, unpackArchive, verifyArchiveParts, type Manifest } from './archive.js';

const base: Omit<Manifest, 'parts'> = {
  format: 'village-ledger-archive',
  version: 1,
  createdAt: '2026-06-15T08:00:00.000Z',
  sourceDialect: 'sqlite',
  village: { id: 'v', code: 'V1', name: '村' },
  ledgerHead: { seq: 0, hash: '0'.repeat(64) },
  sourceAuditHead: { seq: 0, hash: '0'.repeat(64) },
  tables: ['households'],
};

describe('the archive container', () => {
  const part = rowsToPart([
    { id: 'a', name: '张\n"三"' },
    { name: 'b', id: 'b' },
  ]);
  const packed = packArchive(
    [{ name: 'households.jsonl', bytes: part.bytes }],
    base,
    new Map([['households.jsonl', 2]]),
  );

  it('round-trips parts and checks each SHA-256', () => {
    expect(part.bytes.toString()).toBe('{"id":"a","name":"张\\n\\"三\\""}\n{"id":"b","name":"b"}\n');
    const { parts, manifest, manifestSha256 } = unpackArchive(packed.archive);
    expect(manifestSha256).toBe(packed.manifestSha256);
    expect(manifest.parts).toEqual([
      { name: 'households.jsonl', rows: 2, bytes: part.bytes.length, sha256: sha256(part.bytes) },
    ]);
    expect(verifyArchiveParts(parts, manifest).get('households.jsonl')).toEqual([
      { id: 'a', name: '张\n"三"' },
      { id: 'b', name: 'b' },
    ]);
  });

  it('refuses a changed byte, a missing or extra part, and a broken container', () => {
    const { parts, manifest } = unpackArchive(packed.archive);
    const changed = Buffer.from(parts.get('households.jsonl')!);
    changed[8] ^= 1;
    expect(() => verifyArchiveParts(new Map([['households.jsonl', changed]]), manifest)).toThrow(
      'SHA-256 does not match',
    );
    expect(() => verifyArchiveParts(new Map(), manifest)).toThrow('part households.jsonl is missing');
    expect(() => verifyArchiveParts(new Map([...parts, ['x.jsonl', Buffer.alloc(0)]]), manifest)).toThrow(
      'not in the manifest',
    );
    expect(() => unpackArchive(Buffer.from('plain'))).toThrow('not a gzip archive');
    expect(() => unpackArchive(gzipSync('#part ../x 1\nA'))).toThrow('bad part header');
    expect(() => unpackArchive(gzipSync('#part a.jsonl 10\nA'))).toThrow('cut short');
    expect(() => unpackArchive(gzipSync('#part a.jsonl 1\nA'))).toThrow('no manifest.json');
  });
});
