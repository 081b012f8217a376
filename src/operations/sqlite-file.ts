/**
 * Work on SQLite files with better-sqlite3 directly (no Nest, no TypeORM): copying one online, verifying a
 * copy's chains, telling whether a server holds a database, and putting a restored file in place.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, copyFileSync, unlinkSync } from 'node:fs';
import {
  type AuditRow,
  type ChainCheck,
  type LedgerEntryRow,
  type LedgerLineRow,
  AuditChainChecker,
  checkLedgerChain,
  linesByEntry,
} from './chains.js';

export interface VillageHead {
  villageCode: string;
  seq: number;
  hash: string;
}

export interface FileCheck {
  ok: boolean;
  heads: VillageHead[];
  audit: { seq: number; hash: string };
  /** One line per chain that does not verify. */
  problems: string[];
}

/** Re-hashes every village's journal and the audit chain of a database file opened read-only. */
export function verifySqliteFile(path: string): FileCheck {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const villages = db.prepare('SELECT id, code FROM villages ORDER BY code').all() as { id: string; code: string }[];
    const entriesOf = db.prepare('SELECT * FROM journal_entries WHERE village_id = ?');
    const linesOf = db.prepare(
      'SELECT l.* FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.village_id = ?',
    );
    const heads: VillageHead[] = [];
    const problems: string[] = [];
    for (const v of villages) {
      const check: ChainCheck = checkLedgerChain(
        entriesOf.all(v.id) as LedgerEntryRow[],
        linesByEntry(linesOf.iterate(v.id) as Iterable<LedgerLineRow>),
      );
      heads.push({ villageCode: v.code, seq: check.head.seq, hash: check.head.hash });
      if (!check.ok) problems.push(`village ${v.code}: ledger chain broken at seq ${check.firstBadSeq}`);
    }
    const audit = new AuditChainChecker();
    audit.add(db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>);
    const auditCheck = audit.result();
    if (!auditCheck.ok) problems.push(`audit chain broken at seq ${auditCheck.firstBadSeq}`);
    return { ok: problems.length === 0, heads, audit: auditCheck.head, problems };
  } finally {
    db.close();
  }
}

/**
 * True while another connection (a running server, a CLI) has the database open: switching a WAL database
 * back to rollback journaling needs it to be the only one. Leaves the file in rollback mode when it is free
 * (the server turns WAL on again at start).
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    return false;
  } catch (error) {
    if (/locked|busy/i.test((error as Error).message)) return true;
    throw error;
  } finally {
    db.close();
  }
}

/** A copy as one self-contained file: rollback journal mode, so it opens read-only without -wal/-shm files. */
export function makeSelfContained(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Replaces `target` with a copy of `source`: the current file (and any -wal/-shm beside it) is renamed to
 * `<target>.replaced-<stamp>`, the new one copied in under a temporary name and renamed into place.
 */
export function replaceSqliteFile(source: string, target: string, stamp: string): string | null {
  const temp = `${target}.restoring`;
  copyFileSync(source, temp);
  let kept: string | null = null;
  if (existsSync(target)) {
    kept = `${target}.replaced-${stamp}`;
    renameSync(target, kept);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
    }
  }
  renameSync(temp, target);
  if (existsSync(`${temp}-journal`)) unlinkSync(`${temp}-journal`);
  return kept;
}

/**
 * Online backup of the SQLite file with SQLite's backup API: consistent while the server keeps writing
 * (WAL), page by page, reporting progress.
 */
export async function backupSqlite(
  source: string,
  target: string,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        progress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    return result.totalPages;
  } finally {
    db.close();
  }
}
