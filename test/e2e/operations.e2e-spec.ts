import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import type { Actor } from '../../src/common/actor.js';
import { FixedClock } from '../../src/common/clock.js';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { restoreCommand } from '../../src/cli/restore.js';
import { loadConfig } from '../../src/config/env.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations/index.js';
import { backupBeforeMigrations } from '../../src/operations/pre-migration.js';
import { packArchive, partToRows, rowsToPart, unpackArchive } from '../../src/operations/archive.js';
import { BackupService } from '../../src/operations/backup.service.js';
import { verifySqliteFile } from '../../src/operations/sqlite-file.js';
import { VillageArchiveService } from '../../src/operations/village-archive.service.js';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { TEST_DATABASE_URL, TEST_NOW, type TestApp, binary, createTestApp } from '../support/test-app.js';

const CLI: Actor = {
  userId: 'cli',
  username: 'cli',
  role: 'admin',
  villageIds: [],
  allVillages: true,
  householdId: null,
  requestId: 'test-ops',
  ip: 'test',
};

const dir = mkdtempSync(join(tmpdir(), 'ops-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite app on a file even when the suite runs on PostgreSQL (an empty DATABASE_URL counts as unset). */
function sqliteApp(name: string, clock?: FixedClock): Promise<TestApp> {
  return createTestApp({
    clock,
    env: {
      DATABASE_URL: '',
      DATABASE_PATH: join(dir, `${name}-test.sqlite`),
      BACKUP_DIR: join(dir, `${name}-backups`),
    },
  });
}

async function ledgerHead(t: TestApp, villageId: string) {
  const res = await t.as(await t.adminToken()).get(`/api/villages/${villageId}/ledger/verify`);
  expect(res.status).toBe(200);
  expect(res.body.ok).toBe(true);
  return { seq: res.body.headSeq as number, hash: res.body.head as string };
}

describe('backups (SQLite)', () => {
  let t: TestApp;
  let f: Factory;
  const database = join(dir, 'live-test.sqlite');
  beforeAll(async () => {
    t = await sqliteApp('live');
    f = new Factory(t);
  });
  afterAll(async () => t?.close());

  it('copies the database online while incomes are posted, verifies it, and a restore gives the same heads', async () => {
    const s = await postedFlatRun(f, [2, 3, 1], '600.00');
    const admin = await t.adminToken();
    const before = await ledgerHead(t, s.v);
    const writes = Array.from({ length: 20 }, (_, i) => f.income(s.v, s.accountant.token, `${i + 1}.00`));
    const backup = t.as(admin).post('/api/admin/backups');
    const [res] = await Promise.all([backup, ...writes]);
    expect(res.status).toBe(201);
    expect(res.body.name).toMatch(/^ledger-2026-06-15_16-00-00\.sqlite$/);
    expect(res.body.verified).toBe(true);
    expect(res.body.problems).toEqual([]);
    const mine = res.body.heads.find((h: { villageCode: string }) => h.villageCode === s.village.code);
    // The copy holds a prefix of the writes: its head is a real entry of the live chain.
    const live = await ledgerHead(t, s.v);
    expect(live.seq).toBe(before.seq + 20);
    expect(mine.seq).toBeGreaterThanOrEqual(before.seq);
    const entries = await t.as(admin).get(`/api/villages/${s.v}/journal?limit=1000`);
    const atSeq = entries.body.items.find((e: { seq: number }) => e.seq === mine.seq);
    expect(atSeq.hash).toBe(mine.hash);
    const path = join(dir, 'live-backups', res.body.name);
    expect(res.body.bytes).toBe(statSync(path).size);
    const check = verifySqliteFile(path);
    expect(check).toEqual({ ok: true, heads: res.body.heads, audit: res.body.audit, problems: [] });

    const list = await t.as(admin).get('/api/admin/backups');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { name: string }) => i.name)).toEqual([res.body.name]);
    const file = await t.as(admin).get(`/api/admin/backups/${res.body.name}`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.sqlite3');
    expect((file.body as Buffer).subarray(0, 15).toString()).toBe('SQLite format 3');
    for (const bad of ['..%2Flive-test.sqlite', 'ledger-x.sqlite', 'live-test.sqlite']) {
      expect((await t.as(admin).get(`/api/admin/backups/${bad}`)).status).toBe(404);
    }
    expect((await t.as(s.accountant.token).post('/api/admin/backups')).status).toBe(403);
    expect((await t.as(s.accountant.token).get('/api/admin/backups')).status).toBe(403);

    // The server holds the database: restore refuses and changes nothing.
    expect(restoreCommand(path, database)).toBe(1);
    await t.close();
    expect(restoreCommand(path, database)).toBe(0);
    const kept = readdirSync(dir).filter((n) => n.startsWith('live-test.sqlite.replaced-'));
    expect(kept).toHaveLength(1);
    expect(verifySqliteFile(join(dir, kept[0])).heads.find((h) => h.villageCode === s.village.code)).toEqual({
      villageCode: s.village.code,
      ...live,
    });
    t = await sqliteApp('live');
    expect(await ledgerHead(t, s.v)).toEqual({ seq: mine.seq, hash: mine.hash });
  });

  it('refuses to restore a file whose chain was altered', async () => {
    const name = readdirSync(join(dir, 'live-backups')).find((n) => n.endsWith('.sqlite'))!;
    const forged = join(dir, 'forged.sqlite');
    copyFileSync(join(dir, 'live-backups', name), forged);
    const db = new Database(forged);
    for (const { name: trigger } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[]) {
      db.exec(`DROP TRIGGER ${trigger}`);
    }
    db.prepare('UPDATE journal_lines SET credit_fen = credit_fen + 1 WHERE line_no = 2 AND credit_fen > 0').run();
    db.close();
    expect(verifySqliteFile(forged).ok).toBe(false);
    const before = verifySqliteFile(database);
    await t.close();
    expect(restoreCommand(forged, database)).toBe(1);
    expect(verifySqliteFile(database)).toEqual(before);
    t = await sqliteApp('live');
  });

  it('names backups in Beijing time and rotates 30 daily and 12 monthly copies', async () => {
    const backups = t.app.get(BackupService);
    const second = await backups.create();
    expect(second.name).toBe('ledger-2026-06-15_16-00-00-2.sqlite');
    expect(backups.rotate()).toEqual([]);
    expect(backups.list().map((b) => b.name)).toEqual([second.name, 'ledger-2026-06-15_16-00-00.sqlite']);
  });
});

it('on PostgreSQL a backup is refused with the pg_dump command to use', async () => {
  const config = {
    database: { kind: 'postgres', url: 'postgres://u@h/db', schema: 'village' },
    backupDir: join(dir, 'pg'),
    backupEveryHours: 24,
  };
  const service = new BackupService({} as never, new FixedClock(new Date(TEST_NOW)), config as never, {} as never);
  const error = await service.create().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('BACKUP_USE_PG_DUMP');
  expect((error as DomainError).details.command).toBe(
    'pg_dump --format=custom --file=ledger-$(date +%F).dump --schema=village "$DATABASE_URL"',
  );
});

/** The archive's container with one part replaced byte for byte (the manifest left as it was). */
function withRawPart(archive: Buffer, part: string, change: (bytes: Buffer) => Buffer): Buffer {
  const { parts, manifest } = unpackArchive(archive);
  const chunks: Buffer[] = [];
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, bytes] of [...parts, ['manifest.json', manifestBytes] as const]) {
    const body = name === part ? change(Buffer.from(bytes)) : bytes;
    chunks.push(Buffer.from(`#part ${name} ${body.length}\n`), body);
  }
  return gzipSync(Buffer.concat(chunks));
}

/** The archive rebuilt with a part's rows changed and every SHA-256 recomputed (a careful forger). */
function withForgedRows(archive: Buffer, part: string, change: (rows: Record<string, unknown>[]) => void): Buffer {
  const { parts, manifest } = unpackArchive(archive);
  const list = [...parts].map(([name, bytes]) => {
    if (name !== part) return { name, bytes };
    const rows = partToRows(bytes);
    change(rows);
    return { name, bytes: rowsToPart(rows).bytes };
  });
  const { parts: _old, ...rest } = manifest;
  return packArchive(list, rest, new Map(manifest.parts.map((p) => [p.name, p.rows]))).archive;
}

type ArchiveRow = Record<string, unknown>;

/**
 * The archive as a server before issue 17 wrote it: each run's whole snapshot and result as JSON text on its
 * dividend_runs row, no run_lines part (built from the current rows as test/e2e/run-lines-migration does).
 */
function withRunsAsOldJson(archive: Buffer): Buffer {
  const { parts, manifest } = unpackArchive(archive);
  const lines = partToRows(parts.get('run_lines.jsonl')!);
  const runs = partToRows(parts.get('dividend_runs.jsonl')!).map((run) => {
    const mine = lines.filter((l) => l.run_id === run.id).sort((a, b) => Number(a.position) - Number(b.position));
    const [inputs, totals, request] = [run.inputs, run.totals, run.request].map((v) => JSON.parse(String(v)));
    const snapshot = {
      ...{ algorithm: inputs.algorithm, villageId: inputs.villageId, villageCode: inputs.villageCode },
      year: inputs.year,
      input: {
        distributableFen: inputs.distributableFen,
        capitalHoldings: inputs.capitalHoldings,
        households: mine.map((l) => ({
          householdId: l.household_id,
          householdCode: l.household_code,
          memberUnits: l.member_units,
          memberCount: l.member_count ?? undefined,
          shareUnits: l.share_units,
          score: l.score,
        })),
        params: inputs.params,
      },
      incomeEntries: inputs.incomeEntries,
      charter: inputs.charter,
    };
    const payouts = mine.map((l) => ({
      ...{ householdId: l.household_id, householdCode: l.household_code, units: l.units, score: l.score },
      ...{ factor: l.factor, weight: l.weight, amountFen: l.amount_fen },
      ...(l.base_fen === null ? {} : { baseFen: l.base_fen, scoreFen: l.score_fen }),
    }));
    const result = { calc: { ...totals, payouts }, warnings: JSON.parse(String(run.warnings)), request };
    const old: ArchiveRow = { ...run, snapshot: JSON.stringify(snapshot), result: JSON.stringify(result) };
    for (const key of ['request', 'inputs', 'totals', 'warnings', 'line_count']) delete old[key];
    return old;
  });
  const list = [...parts]
    .filter(([name]) => name !== 'run_lines.jsonl')
    .map(([name, bytes]) => ({ name, bytes: name === 'dividend_runs.jsonl' ? rowsToPart(runs).bytes : bytes }));
  const { parts: infos, ...rest } = manifest;
  const tables = manifest.tables.filter((t) => t !== 'run_lines');
  return packArchive(list, { ...rest, tables }, new Map(infos.map((p) => [p.name, p.rows]))).archive;
}

/** A part's rows with the run's JSON columns parsed (their text may order keys differently). */
function parsedRows(archive: Buffer, part: string): ArchiveRow[] {
  const json = ['request', 'inputs', 'totals', 'warnings'];
  return partToRows(unpackArchive(archive).parts.get(part)!).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, json.includes(k) ? JSON.parse(String(v)) : v])),
  );
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('moving a village', () => {
  let source: TestApp;
  let laptop2: TestApp;
  let s: Awaited<ReturnType<typeof postedFlatRun>>;
  let archive: Buffer;
  let head: { seq: number; hash: string };
  beforeAll(async () => {
    source = await sqliteApp('source');
    s = await postedFlatRun(new Factory(source), [2, 3, 1, 4], '1000.00');
    await new Factory(source).expense(s.v, s.accountant.token, '12.34', { memo: '换行\n与"引号" ✓' });
    head = await ledgerHead(source, s.v);
    archive = (await source.app.get(VillageArchiveService).exportVillage(s.village.code)).archive;
    laptop2 = await sqliteApp('laptop2');
  });
  afterAll(async () => {
    await source?.close();
    await laptop2?.close();
  });

  it('carries every table of the schema (none left unclassified)', () => {
    const { plan, unclassified } = source.app.get(VillageArchiveService).tablePlan();
    expect(unclassified).toEqual([]);
    expect(plan[0].table).toBe('villages');
    const { manifest } = unpackArchive(archive);
    expect(manifest.ledgerHead).toEqual(head);
    expect(manifest.sourceDialect).toBe('sqlite');
    const rows = Object.fromEntries(manifest.parts.map((p) => [p.name, p.rows]));
    expect(rows['households.jsonl']).toBe(4);
    expect(rows['members.jsonl']).toBe(10);
    expect(rows['journal_entries.jsonl']).toBe(head.seq);
    expect(rows['users.jsonl']).toBe(6);
    expect(rows['payouts.jsonl']).toBe(4);
  });

  it('refuses an archive with one byte changed in a part, and one with a forged entry re-hashed', async () => {
    const target = laptop2.app.get(VillageArchiveService);
    const flipped = withRawPart(archive, 'journal_entries.jsonl', (b) => {
      const at = b.indexOf('"memo"');
      b[at + 9] ^= 1;
      return b;
    });
    const e1 = await refusal(target.importVillage(flipped, CLI));
    expect(e1.code).toBe('ARCHIVE_REFUSED');
    expect(e1.en).toContain('journal_entries.jsonl: SHA-256 does not match');
    const forged = withForgedRows(archive, 'journal_lines.jsonl', (rows) => {
      const line = rows.find((r) => Number(r.credit_fen) > 0)!;
      line.credit_fen = Number(line.credit_fen) + 100;
    });
    const e2 = await refusal(target.importVillage(forged, CLI));
    expect(e2.en).toMatch(/ledger chain broken at seq \d+/);
    const smuggled = withForgedRows(archive, 'households.jsonl', (rows) => {
      rows[0].village_id = '00000000-0000-4000-8000-000000000000';
    });
    expect((await refusal(target.importVillage(smuggled, CLI))).en).toContain('a households row does not belong');
    const villages = await laptop2.as(await laptop2.adminToken()).get('/api/villages');
    expect(villages.body.items ?? villages.body).toEqual([]);
  });

  it('imports an archive exported before runs were rows (snapshot/result JSON) into run_lines', async () => {
    const old = withRunsAsOldJson(archive);
    expect(unpackArchive(old).manifest.tables).not.toContain('run_lines');
    expect(Object.keys(partToRows(unpackArchive(old).parts.get('dividend_runs.jsonl')!)[0])).toContain('snapshot');
    const laptop3 = await sqliteApp('laptop3');
    try {
      const imported = await laptop3.app.get(VillageArchiveService).importVillage(old, CLI);
      expect(imported.ledgerHead).toEqual(head);
      // exported again, the runs and their lines are the rows the current server had written
      const again = (await laptop3.app.get(VillageArchiveService).exportVillage(s.village.code)).archive;
      for (const part of ['dividend_runs.jsonl', 'run_lines.jsonl', 'payouts.jsonl']) {
        expect([part, parsedRows(again, part)]).toEqual([part, parsedRows(archive, part)]);
      }
      expect(parsedRows(again, 'run_lines.jsonl')).toHaveLength(4);
      const token = await laptop3.adminToken();
      const [here, there] = await Promise.all([
        laptop3.as(token).get(`/api/dividend-runs/${s.runId}`),
        source.as(await source.adminToken()).get(`/api/dividend-runs/${s.runId}`),
      ]);
      expect([here.status, here.body.payouts]).toEqual([200, there.body.payouts]);
      expect(here.body.payouts.map((p: { amount: string }) => p.amount)).toEqual(
        there.body.payouts.map((p: { amount: string }) => p.amount),
      );
    } finally {
      await laptop3.close();
    }
    const broken = withForgedRows(old, 'dividend_runs.jsonl', (rows) => {
      rows[0].snapshot = '{"input": {}}';
    });
    const refused = await refusal(laptop2.app.get(VillageArchiveService).importVillage(broken, CLI));
    expect([refused.code, refused.en]).toEqual([
      'ARCHIVE_REFUSED',
      expect.stringContaining(`dividend run ${s.runId}: its snapshot/result cannot be read`),
    ]);
  });

  it('moves SQLite → PostgreSQL → SQLite with the same heads, verifying on each', async () => {
    let back = archive;
    if (TEST_DATABASE_URL) {
      const township = await createTestApp();
      try {
        const imported = await township.app.get(VillageArchiveService).importVillage(archive, CLI);
        expect(imported.ledgerHead).toEqual(head);
        expect(await ledgerHead(township, s.v)).toEqual(head);
        back = (await township.app.get(VillageArchiveService).exportVillage(s.village.code)).archive;
        const [a, b] = [unpackArchive(archive), unpackArchive(back)];
        expect(b.manifest.sourceDialect).toBe('postgres');
        // Every table part is byte-identical after the round trip through the other dialect.
        const tables = (m: typeof a) => m.manifest.parts.filter((p) => p.name !== 'audit_log.jsonl');
        expect(tables(b)).toEqual(tables(a));
      } finally {
        await township.close();
      }
    }
    const result = await laptop2.app.get(VillageArchiveService).importVillage(back, CLI);
    expect(result.ledgerHead).toEqual(head);
    expect(await ledgerHead(laptop2, s.v)).toEqual(head);
    const audit = await laptop2.as(await laptop2.adminToken()).get(`/api/audit?villageId=${s.v}&limit=1000`);
    expect(audit.body.items.at(-1).action).toBe('village.import');
    expect((await laptop2.as(await laptop2.adminToken()).get('/api/audit/verify')).body.ok).toBe(true);
    const login = await laptop2.http
      .post('/api/auth/login')
      .send({ username: s.accountant.username, password: 'password-123' });
    expect(login.status).toBe(200);
    const again = await refusal(laptop2.app.get(VillageArchiveService).importVillage(back, CLI));
    expect(again.code).toBe('VILLAGE_EXISTS');
  });
});

it('copies the SQLite file before running pending migrations, and only then', async () => {
  const path = join(dir, 'upgrade-test.sqlite');
  const config = loadConfig({ DATABASE_PATH: path, BACKUP_DIR: join(dir, 'upgrade-backups') });
  const old = new DataSource({
    ...dataSourceOptions(config.database),
    migrations: SQLITE_MIGRATIONS.slice(0, 2),
  } as never);
  await old.initialize();
  await old.runMigrations();
  await old.destroy();
  const saved = await backupBeforeMigrations(config, new Date(TEST_NOW));
  expect(saved).toBe(join(dir, 'upgrade-backups', 'pre-migration-2026-06-15_16-00-00.sqlite'));
  const copy = new Database(saved!, { readonly: true });
  expect((copy.prepare('SELECT count(*) AS n FROM migrations').get() as { n: number }).n).toBe(2);
  copy.close();
  const current = new DataSource(dataSourceOptions(config.database));
  await current.initialize();
  await current.runMigrations();
  await current.destroy();
  expect(await backupBeforeMigrations(config, new Date(TEST_NOW))).toBeNull();
});
