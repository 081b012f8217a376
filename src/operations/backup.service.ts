import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Clock } from '../common/clock.js';
import { notFound, ruleViolation } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { backupName, parseBackupName } from './backup-names.js';
import { OperationsRepository } from './operations.repository.js';
import { backupsToDelete } from './rotation.js';
import { type VillageHead, backupSqlite, makeSelfContained, verifySqliteFile } from './sqlite-file.js';

export interface BackupInfo {
  name: string;
  /** When it was made (UTC ISO-8601). */
  at: string;
  bytes: number;
  heads: VillageHead[];
  audit: { seq: number; hash: string };
  /** Every chain of the copy re-hashed and its heads equal to the live ones at the same instant. */
  verified: boolean;
  problems: string[];
  durationMs: number;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\.sqlite$/;

function newestFirst(a: { at: Date; n: number }, b: { at: Date; n: number }): number {
  return b.at.getTime() - a.at.getTime() || b.n - a.n;
}

/** Online backups of the SQLite database into BACKUP_DIR, verified after writing; scheduled with rotation. */
@Injectable()
export class BackupService implements OnModuleDestroy {
  private readonly logger = new Logger('Backups');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly operations: OperationsRepository,
  ) {}

  get dir(): string {
    return resolve(this.config.backupDir);
  }

  async create(): Promise<BackupInfo> {
    const database = this.sqlitePath();
    mkdirSync(this.dir, { recursive: true });
    const started = Date.now();
    const at = this.clock.now();
    const name = backupName(at, new Set(readdirSync(this.dir)));
    const partial = join(this.dir, `${name}.partial`);
    try {
      // Inside the writer queue: no write commits between reading the live heads and copying the pages.
      const live = await this.tx.run(async (manager) => {
        const heads = await this.operations.liveHeads(manager);
        await backupSqlite(database, partial);
        return heads;
      });
      makeSelfContained(partial);
      const check = verifySqliteFile(partial);
      const problems = [...check.problems];
      if (JSON.stringify(check.heads) !== JSON.stringify(live.heads)) {
        problems.push('ledger heads differ from the live ones');
      }
      if (JSON.stringify(check.audit) !== JSON.stringify(live.audit)) {
        problems.push('audit head differs from the live one');
      }
      renameSync(partial, join(this.dir, name));
      const info: BackupInfo = {
        name,
        at: at.toISOString(),
        bytes: statSync(join(this.dir, name)).size,
        heads: check.heads,
        audit: check.audit,
        verified: problems.length === 0,
        problems,
        durationMs: Date.now() - started,
      };
      writeFileSync(join(this.dir, `${name}.json`), `${JSON.stringify(info, null, 2)}\n`);
      if (!info.verified) this.logger.error(`Backup ${name} did not verify: ${problems.join('; ')}`);
      return info;
    } finally {
      if (existsSync(partial)) unlinkSync(partial);
    }
  }

  list(): BackupInfo[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((n) => SAFE_NAME.test(n) && parseBackupName(n))
      .map((name) => this.info(name))
      .sort((a, b) => newestFirst(parseBackupName(a.name)!, parseBackupName(b.name)!));
  }

  /** The path of a listed backup; anything else (another folder, a made-up name) is 404. */
  file(name: string): { path: string; bytes: number } {
    if (!SAFE_NAME.test(name) || name.includes('..') || !parseBackupName(name)) throw notFound('backup', '备份');
    const path = join(this.dir, name);
    if (!existsSync(path)) throw notFound('backup', '备份');
    return { path, bytes: statSync(path).size };
  }

  /** Deletes the scheduled copies the policy no longer keeps (README "Operations"). */
  rotate(): string[] {
    const names = readdirSync(this.dir);
    const doomed = backupsToDelete(names, this.clock.today());
    for (const name of doomed) {
      unlinkSync(join(this.dir, name));
      if (existsSync(join(this.dir, `${name}.json`))) unlinkSync(join(this.dir, `${name}.json`));
    }
    return doomed;
  }

  /** BACKUP_EVERY_HOURS: the first copy when the last one is that old (at least a minute after start). */
  startSchedule(): void {
    const everyMs = this.config.backupEveryHours * 3600_000;
    if (everyMs === 0 || this.config.database.kind !== 'sqlite' || this.config.database.path === ':memory:') return;
    const newest = this.list()[0];
    const dueMs = newest ? new Date(newest.at).getTime() + everyMs - this.clock.now().getTime() : 0;
    this.arm(Math.max(60_000, Math.min(dueMs, everyMs)), everyMs);
  }

  private arm(delayMs: number, everyMs: number): void {
    this.timer = setTimeout(() => {
      this.create()
        .then((info) => {
          const deleted = this.rotate();
          this.logger.log(
            `Backup ${info.name} (${info.bytes} bytes, verified ${info.verified}); rotated out ${deleted.length}`,
          );
        })
        .catch((error: unknown) => this.logger.error(`Scheduled backup failed: ${(error as Error).message}`))
        .finally(() => this.timer && this.arm(everyMs, everyMs));
    }, delayMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private info(name: string): BackupInfo {
    const path = join(this.dir, name);
    try {
      return JSON.parse(readFileSync(`${path}.json`, 'utf8')) as BackupInfo;
    } catch {
      // A copy without its note (made by hand, or before an upgrade): listed, not verified.
      const parsed = parseBackupName(name)!;
      const audit = { seq: 0, hash: '' };
      return {
        name,
        at: parsed.at.toISOString(),
        bytes: statSync(path).size,
        heads: [],
        audit,
        verified: false,
        problems: ['not verified'],
        durationMs: 0,
      };
    }
  }

  private sqlitePath(): string {
    const database = this.config.database;
    if (database.kind === 'postgres') {
      const schema = database.schema ? ` --schema=${database.schema}` : '';
      const command = `pg_dump --format=custom --file=ledger-$(date +%F).dump${schema} "$DATABASE_URL"`;
      throw ruleViolation(
        'BACKUP_USE_PG_DUMP',
        `PostgreSQL 数据库请用 pg_dump 备份：${command}`,
        `On PostgreSQL, back up with pg_dump: ${command}`,
        { command },
      );
    }
    if (database.path === ':memory:') {
      throw ruleViolation('BACKUP_IN_MEMORY', '内存数据库无法备份', 'an in-memory database has no file to back up');
    }
    return database.path;
  }
}
