/**
 * `node dist/cli/measure.main.js [--pg postgres://…/test] [--households 25000]`: time and size of a
 * backup and of a village move (export, import into a fresh SQLite, and into PostgreSQL when --pg is given)
 * for the demo village and for a generated large village. Prints one JSON line per measurement.
 */
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { loadConfig } from '../config/env.js';
import { createScratchSchema } from '../database/scratch-schema.js';
import { generateRoster } from '../bench/generator.js';
import { DemoClock } from '../demo/demo-clock.js';
import { loadDemo } from '../demo/demo-loader.js';
import { DividendRun } from '../dividends/dividend.entity.js';
import { DividendsService } from '../dividends/dividends.service.js';
import { PlanService } from '../dividends/plan.service.js';
import { HouseholdsService } from '../households/households.service.js';
import { IncomeService } from '../income/income.service.js';
import { startServer } from '../main.js';
import { VillagesRepository } from '../villages/villages.repository.js';
import { VillagesService } from '../villages/villages.service.js';
import { BackupService } from '../operations/backup.service.js';
import { VillageArchiveService } from '../operations/village-archive.service.js';

const { values } = parseArgs({
  options: {
    pg: { type: 'string' },
    households: { type: 'string' },
    work: { type: 'string' },
    'skip-demo': { type: 'boolean' },
  },
});
// --work DIR keeps the generated large village there and reuses it on the next run.
const work = values.work ?? mkdtempSync(join(tmpdir(), 'ops-measure-'));
const actor = (id: string, role: Actor['role'] = 'cadre'): Actor => ({
  userId: id,
  username: id,
  role,
  villageIds: [],
  allVillages: true,
  householdId: null,
  requestId: 'measure',
  ip: 'measure',
});

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    JWT_SECRET: 'measure-secret-0123456789abcdef',
    ADMIN_PASSWORD: 'measure-admin-1',
    DATABASE_URL: '',
    ...extra,
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

/** Backup, export, and import into each target of the village `code` held by `app` (SQLite at `dbPath`). */
async function measure(label: string, app: INestApplicationContext, code: string, dbPath: string): Promise<void> {
  const backup = await timed(() => app.get(BackupService).create());
  const out = (what: string, data: Record<string, unknown>) =>
    console.log(JSON.stringify({ village: label, what, ...data }));
  out('backup', {
    ms: backup.ms,
    bytes: backup.value.bytes,
    dbBytes: statSync(dbPath).size + (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0),
    verified: backup.value.verified,
  });
  const exported = await timed(() => app.get(VillageArchiveService).exportVillage(code));
  const rows = exported.value.manifest.parts.reduce((n, p) => n + p.rows, 0);
  out('export', { ms: exported.ms, bytes: exported.value.archive.length, rows });
  const targetPath = join(work, `${label}-target.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(targetPath + suffix, { force: true });
  const targets: Record<string, string>[] = [{ DATABASE_PATH: targetPath }];
  if (values.pg) targets.push({ DATABASE_URL: values.pg, DATABASE_SCHEMA: await createScratchSchema(values.pg, 'm') });
  for (const target of targets) {
    const into = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(env(target))), {
      logger: ['error'],
    });
    try {
      const phases: Record<string, number> = {};
      let last = performance.now();
      const imported = await timed(() =>
        into.get(VillageArchiveService).importVillage(exported.value.archive, actor('cli', 'admin'), (stage) => {
          phases[stage] = Math.round(performance.now() - last);
          last = performance.now();
        }),
      );
      out(`import into ${target.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, {
        ms: imported.ms,
        head: imported.value.ledgerHead.seq,
        phases,
        auditRecords: exported.value.manifest.parts.find((p) => p.name === 'audit_log.jsonl')?.rows,
      });
    } finally {
      await into.close();
    }
  }
}

async function demo(): Promise<void> {
  const dbPath = join(work, 'demo.sqlite');
  const config = loadConfig(env({ DATABASE_PATH: dbPath, PORT: '0', BACKUP_DIR: join(work, 'demo-backups') }));
  const clock = new DemoClock(config.clockStart, config.businessTimeZone);
  const app = await startServer(config, { clock });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const loaded = await timed(() =>
    loadDemo(
      `http://127.0.0.1:${port}`,
      'measure-admin-1',
      () => {},
      (b) => clock.travelTo(b),
    ),
  );
  const [village] = await app.get(VillagesRepository).list(null);
  console.log(JSON.stringify({ village: 'demo', what: 'load', ms: loaded.ms }));
  await measure('demo', app, village.code, dbPath);
  await app.close();
}

async function large(households: number): Promise<void> {
  const dbPath = join(work, 'large.sqlite');
  const config = loadConfig(env({ DATABASE_PATH: dbPath, BACKUP_DIR: join(work, 'large-backups') }));
  const reuse = existsSync(dbPath);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  const code = `L${households}`;
  if (!reuse) await generate(app, code, households);
  await measure(`${households} households`, app, code, dbPath);
  await app.close();
}

async function generate(app: INestApplicationContext, code: string, households: number): Promise<void> {
  const v = (await app.get(VillagesService).create(actor('c'), { code, name: '大村' })).id;
  await app.get(HouseholdsService).import(actor('c'), v, Buffer.from(generateRoster(`L-`, households, 25).rosterCsv));
  for (const [i, year] of [2024, 2025].entries()) {
    await app.get(IncomeService).recordIncome(actor('c'), v, {
      date: `${year}-06-30`,
      category: '经营收入',
      amount: `${households * 1000}.00`,
      voucherNo: `BL-${i}`,
    });
    const run = await app.get(DividendsService).create(actor('c'), v, {
      year,
      distribute: { all: true },
      basis: 'member',
      scoring: { mode: 'none' },
    });
    await app.get(PlanService).publish(actor('c'), run.id);
    const today = app.get(Clock).todayIso();
    await app
      .get(DataSource)
      .getRepository(DividendRun)
      .update({ id: run.id }, { publishedOn: addDays(today, -10) });
    await app.get(DividendsService).approve(actor('a'), run.id, {
      resolutionRef: 'MEASURE',
      meeting: { type: '成员大会', date: today, eligible: 3, present: 3, inFavour: 3 },
    });
    await app.get(DividendsService).post(actor('c'), run.id);
  }
}

Logger.overrideLogger(['error']);
try {
  if (!values['skip-demo']) await demo();
  const households = Number(values.households ?? 25_000);
  if (households > 0) await large(households);
} finally {
  if (!values.work) rmSync(work, { recursive: true, force: true });
}
process.exit(0);
