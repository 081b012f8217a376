/**
 * The portable archive of one village (`.vlarc`): gzip of a sequence of parts, each written as a header
 * line `#part <name> <bytes>\n` followed by exactly that many bytes; the last part is `manifest.json`, which
 * holds the format version, source dialect, row counts, the village's ledger head and the SHA-256 of every
 * other part. Parts are JSON lines (one canonical-JSON row a line), so the file is readable with zcat.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '../common/canonical-json.js';

export const ARCHIVE_FORMAT = 'village-ledger-archive';
export const ARCHIVE_VERSION = 1;
const MANIFEST = 'manifest.json';
const PART_NAME = /^[a-z0-9_.-]{1,80}$/;
/** Refuse absurd inputs before allocating (an archive of a 250,000-household village is far below this). */
const MAX_UNPACKED_BYTES = 4 * 1024 ** 3 - 1;

export interface PartInfo {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  createdAt: string;
  sourceDialect: 'sqlite' | 'postgres';
  village: { id: string; code: string; name: string };
  ledgerHead: { seq: number; hash: string };
  /** The source installation's audit head when the archive was made (its chain stays there). */
  sourceAuditHead: { seq: number; hash: string };
  /** Table parts in insert order (parents first). */
  tables: string[];
  parts: PartInfo[];
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Rows as JSON lines: canonical JSON, so equal rows give equal bytes on any dialect. */
export function rowsToPart(rows: Iterable<Record<string, unknown>>): { bytes: Buffer; rows: number } {
  const chunks: Buffer[] = [];
  let batch = '';
  let count = 0;
  for (const row of rows) {
    batch += `${canonicalJson(row)}\n`;
    if (++count % 1000 === 0) {
      chunks.push(Buffer.from(batch, 'utf8'));
      batch = '';
    }
  }
  chunks.push(Buffer.from(batch, 'utf8'));
  return { bytes: Buffer.concat(chunks), rows: count };
}

export function partToRows(bytes: Buffer): Record<string, unknown>[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new ArchiveError('part does not end with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const value: unknown = JSON.parse(line);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ArchiveError('a row is not an object');
      return value as Record<string, unknown>;
    });
}

export class ArchiveError extends Error {}

export function packArchive(
  parts: { name: string; bytes: Buffer }[],
  manifest: Omit<Manifest, 'parts'>,
  rows: Map<string, number>,
) {
  const infos: PartInfo[] = parts.map((p) => ({
    name: p.name,
    rows: rows.get(p.name) ?? 0,
    bytes: p.bytes.length,
    sha256: sha256(p.bytes),
  }));
  const full: Manifest = { ...manifest, parts: infos };
  const manifestBytes = Buffer.from(`${JSON.stringify(full, null, 2)}\n`, 'utf8');
  const chunks: Buffer[] = [];
  for (const p of [...parts, { name: MANIFEST, bytes: manifestBytes }]) {
    chunks.push(Buffer.from(`#part ${p.name} ${p.bytes.length}\n`, 'utf8'), p.bytes);
  }
  return { archive: gzipSync(Buffer.concat(chunks)), manifest: full, manifestSha256: sha256(manifestBytes) };
}

/** The container's parts, the manifest parsed; checks the container, not yet the hashes (verifyArchive). */
export function unpackArchive(archive: Buffer): {
  parts: Map<string, Buffer>;
  manifest: Manifest;
  manifestSha256: string;
} {
  let raw: Buffer;
  try {
    raw = gunzipSync(archive, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch {
    throw new ArchiveError('not a gzip archive');
  }
  const parts = new Map<string, Buffer>();
  let at = 0;
  while (at < raw.length) {
    const eol = raw.indexOf(0x0a, at);
    const header = eol < 0 ? '' : raw.subarray(at, eol).toString('utf8');
    const m = /^#part (\S+) (\d{1,12})$/.exec(header);
    if (!m || !PART_NAME.test(m[1]) || parts.has(m[1])) throw new ArchiveError(`bad part header at byte ${at}`);
    const end = eol + 1 + Number(m[2]);
    if (end > raw.length) throw new ArchiveError(`part ${m[1]} is cut short`);
    parts.set(m[1], raw.subarray(eol + 1, end));
    at = end;
  }
  const manifestBytes = parts.get(MANIFEST);
  if (!manifestBytes) throw new ArchiveError('no manifest.json');
  parts.delete(MANIFEST);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    throw new ArchiveError('manifest.json is not JSON');
  }
  if (manifest?.format !== ARCHIVE_FORMAT || manifest.version !== ARCHIVE_VERSION || !Array.isArray(manifest.parts)) {
    throw new ArchiveError(`not a ${ARCHIVE_FORMAT} version ${ARCHIVE_VERSION}`);
  }
  return { parts, manifest, manifestSha256: sha256(manifestBytes) };
}

/** Every part listed, none extra, each with the size, SHA-256 and row count the manifest states. */
export function verifyArchiveParts(
  parts: Map<string, Buffer>,
  manifest: Manifest,
): Map<string, Record<string, unknown>[]> {
  const listed = new Set(manifest.parts.map((p) => p.name));
  for (const name of parts.keys()) if (!listed.has(name)) throw new ArchiveError(`part ${name} is not in the manifest`);
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const info of manifest.parts) {
    const bytes = parts.get(info.name);
    if (!bytes) throw new ArchiveError(`part ${info.name} is missing`);
    if (bytes.length !== info.bytes || sha256(bytes) !== info.sha256) {
      throw new ArchiveError(`part ${info.name}: SHA-256 does not match the manifest`);
    }
    const parsed = partToRows(bytes);
    if (parsed.length !== info.rows) {
      throw new ArchiveError(`part ${info.name}: ${parsed.length} rows, manifest says ${info.rows}`);
    }
    rows.set(info.name, parsed);
  }
  return rows;
}
