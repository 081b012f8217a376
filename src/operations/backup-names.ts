/**
 * Names of backup files: `ledger-YYYY-MM-DD_HH-MM-SS.sqlite` in Beijing time (UTC+8, no daylight saving),
 * `-2`, `-3` … when two fall in one second; `pre-migration-…` for the copy made before an upgrade.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const NAME = /^(ledger|pre-migration)-(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,4}))?\.sqlite$/;

export type BackupKind = 'ledger' | 'pre-migration';

export function backupStamp(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())}` +
    `_${p(b.getUTCHours())}-${p(b.getUTCMinutes())}-${p(b.getUTCSeconds())}`
  );
}

/** A name for a backup made at `at` that is not in `taken`. */
export function backupName(at: Date, taken: ReadonlySet<string> = new Set(), kind: BackupKind = 'ledger'): string {
  const stem = `${kind}-${backupStamp(at)}`;
  if (!taken.has(`${stem}.sqlite`)) return `${stem}.sqlite`;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}.sqlite`)) return `${stem}-${n}.sqlite`;
}

export interface ParsedBackupName {
  kind: BackupKind;
  /** Beijing calendar date YYYY-MM-DD. */
  date: string;
  /** The instant (UTC). */
  at: Date;
  /** Sort key within one second. */
  n: number;
}

/** A backup file name this product wrote, or null (anything else in the folder is left alone). */
export function parseBackupName(name: string): ParsedBackupName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, kind, y, mo, d, h, mi, s, n] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - BEIJING_OFFSET_MS;
  const at = new Date(ms);
  if (backupStamp(at) !== `${y}-${mo}-${d}_${h}-${mi}-${s}`) return null;
  return { kind: kind as BackupKind, date: `${y}-${mo}-${d}`, at, n: n ? Number(n) : 1 };
}
