/**
 * `npm run bench [-- --quick] [-- --out DIR] [-- --only PARTS]`: the product's own code paths (services and
 * HTTP) beside the baseline that bounds each on this machine, measured in the same process run. Writes
 * results.json, RESULTS.md and growth.svg to data/bench/ (or --out).
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AppModule } from '../app.module.js';
import { configureApp, createAdapter } from '../app.setup.js';
import type { Actor } from '../common/actor.js';
import { loadConfig } from '../config/env.js';
import { calculateDividend } from '../dividends/calculator.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { DividendRun, Payout } from '../dividends/dividend.entity.js';
import { PaymentsService } from '../payments/payments.service.js';
import { fenToYuan } from '../common/money.js';
import { DividendsService } from '../dividends/dividends.service.js';
import { RunReadsService } from '../dividends/run-reads.service.js';
import { PlanService } from '../dividends/plan.service.js';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HouseholdsService } from '../households/households.service.js';
import { IncomeService } from '../income/income.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PrintoutsService } from '../printouts/printouts.service.js';
import { VillagesService } from '../villages/villages.service.js';
import { type Baseline, PostgresBaseline, SqliteBaseline } from './baselines.js';
import { generateCalcHouseholds, generateRoster } from './generator.js';

interface Figure {
  name: string;
  size: number;
  product: number;
  baseline: number | null;
  unit: string;
  ratio: number | null;
  rssMb: number;
  seconds: number;
  note?: string;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'data/bench';
/** `--only http,calc`: a subset (import, income, chain, banner, large, print, http, calc); writes no results. */
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const want = (part: string) => !only || only.includes(part);
const figures: Figure[] = [];

// ---- measuring ---------------------------------------------------------------------------------
let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
sampler.unref();

/**
 * The bench measures posting, not the calendar: a plan is published, its publicity dated back the law's 10
 * days, and adopted by an assembly of today.
 */
async function adopt(app: INestApplicationContext, runId: string, publisher: Actor, approver: Actor): Promise<void> {
  await app.get(PlanService).publish(publisher, runId);
  const today = app.get(Clock).todayIso();
  await app
    .get(DataSource)
    .getRepository(DividendRun)
    .update({ id: runId }, { publishedOn: addDays(today, -10) });
  await app.get(DividendsService).approve(approver, runId, {
    resolutionRef: 'BENCH',
    meeting: { type: '成员大会', date: today, eligible: 3, present: 3, inFavour: 3 },
  });
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ seconds: number; rssMb: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  rssPeak = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  return { seconds, rssMb: Math.round(rssPeak / 1048576), value };
}

/** Reads a PDF stream through as a client would (the bytes counted, not kept). */
async function pdfBytes(stream: Promise<AsyncIterable<Buffer>>): Promise<number> {
  let bytes = 0;
  for await (const chunk of await stream) bytes += chunk.length;
  return bytes;
}

/** The fastest of `repeats` timings, each of `batch` calls in a row (seconds per call). */
async function best<T>(repeats: number, work: () => T, batch = 1): Promise<{ seconds: number; rssMb: number }> {
  const calls = () => {
    for (let i = 1; i < batch; i++) work();
    return work();
  };
  let fastest = await timed(calls);
  for (let i = 1; i < repeats; i++) {
    const next = await timed(calls);
    if (next.seconds < fastest.seconds) fastest = next;
  }
  return { seconds: fastest.seconds / batch, rssMb: fastest.rssMb };
}

function record(
  name: string,
  size: number,
  unit: string,
  product: { seconds: number; rssMb: number },
  productCount: number,
  baseline?: { seconds: number },
  baselineCount?: number,
  note?: string,
) {
  const productRate = productCount / product.seconds;
  const baselineRate = baseline && baselineCount ? baselineCount / baseline.seconds : null;
  const figure: Figure = {
    name,
    size,
    unit,
    product: round(productRate),
    baseline: baselineRate === null ? null : round(baselineRate),
    ratio: baselineRate === null ? null : Math.round((productRate / baselineRate) * 1000) / 1000,
    rssMb: product.rssMb,
    seconds: Math.round(product.seconds * 1000) / 1000,
    note,
  };
  figures.push(figure);
  console.log(
    `${name.padEnd(44)} ${String(size).padStart(9)}  ${fmt(figure.product).padStart(10)} ${unit.padEnd(10)} ${figure.baseline === null ? ''.padStart(10) : fmt(figure.baseline).padStart(10)}  ratio ${figure.ratio ?? '—'}  ${figure.seconds}s  ${figure.rssMb} MB`,
  );
}

/** A figure that is a duration, not a rate (ms). */
function recordTime(name: string, size: number, seconds: number, rssMb: number, note?: string) {
  const ms = Math.round(seconds * 10_000) / 10;
  figures.push({ name, size, product: ms, baseline: null, unit: 'ms', ratio: null, rssMb, seconds, note });
  console.log(`${name.padEnd(44)} ${String(size).padStart(9)}  ${fmt(ms).padStart(10)} ms`);
}

const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 100) / 100);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

// ---- baselines ---------------------------------------------------------------------------------
/** The same largest-remainder allocation in plain BigInt, no objects, no strings. */
function bigintAllocation(poolFen: bigint, weights: bigint[], keys: string[]): bigint[] {
  let total = 0n;
  for (const w of weights) total += w;
  const out = new Array<bigint>(weights.length);
  const rem = new Array<bigint>(weights.length);
  let given = 0n;
  for (let i = 0; i < weights.length; i++) {
    const n = poolFen * weights[i];
    out[i] = n / total;
    rem[i] = n % total;
    given += out[i];
  }
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (rem[a] === rem[b] ? (keys[a] < keys[b] ? -1 : 1) : rem[a] > rem[b] ? -1 : 1));
  for (let k = 0; k < Number(poolFen - given); k++) out[order[k]] += 1n;
  return out;
}

// ---- the run -----------------------------------------------------------------------------------
async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dbPath = join(outDir, 'bench.sqlite');
  for (const s of ['', '-wal', '-shm']) if (existsSync(dbPath + s)) rmSync(dbPath + s);
  const config = loadConfig({
    ...process.env,
    DATABASE_PATH: dbPath,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    JWT_SECRET: 'bench-secret-0123456789abcdef',
    PUBLIC_RATE_LIMIT: '1000000000',
    ADMIN_PASSWORD: 'bench-admin-1',
    PORT: '0',
  });
  Logger.overrideLogger(['error']);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createAdapter(), {
    logger: ['error'],
    bodyParser: false,
  });
  await configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const isSqlite = config.database.kind === 'sqlite';
  const raw: Baseline =
    config.database.kind === 'sqlite'
      ? new SqliteBaseline(dbPath)
      : await PostgresBaseline.connect(config.database.url, config.database.schema);
  const actor = benchActor;
  const creator = actor('bench-creator');
  const approver = actor('bench-approver');
  const villages = app.get(VillagesService);
  const households = app.get(HouseholdsService);
  const income = app.get(IncomeService);
  const dividends = app.get(DividendsService);
  const ledger = app.get(LedgerService);
  const printouts = app.get(PrintoutsService);
  let villageNo = 0;
  const newVillage = async () =>
    (await villages.create(creator, { code: `B${++villageNo}`, name: `基准嘎查${villageNo}` })).id;

  console.log(
    `bench ${quick ? '(quick)' : '(full)'} on ${isSqlite ? 'SQLite' : 'PostgreSQL'}: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}`,
  );
  console.log(
    `${'figure'.padEnd(44)} ${'size'.padStart(9)}  ${'product'.padStart(10)} ${'unit'.padEnd(10)} ${'baseline'.padStart(10)}`,
  );

  // 2. roster import vs raw inserts of the same rows in one transaction
  const importSizes = quick ? [200, 5_000] : [200, 25_000];
  for (const n of want('import') ? importSizes : []) {
    const roster = generateRoster('R', n, n);
    const v = await newVillage();
    const product = await timed(() => households.import(creator, v, Buffer.from(roster.rosterCsv)));
    const rv = await raw.village(`RAW-IMPORT-${n}`);
    const rows = roster.rosterCsv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const baseline = await timed(() => raw.importRows(rv, rows));
    record('roster import', n, 'households/s', product, n, baseline, n);
  }

  if (want('income')) await incomeFigure(income, raw, newVillage, creator);
  if (want('chain')) await chainFigure(ledger, raw);
  // 5. dividend posting: a banner (N villages × 200) and a large village, vs raw inserts of the same rows
  const banner = !want('banner') ? (want('http') || want('print') ? 1 : 0) : quick ? 10 : 114;
  const runs: string[] = [];
  for (let i = 0; i < banner; i++) {
    const v = await newVillage();
    await households.import(creator, v, Buffer.from(generateRoster(`V${i}-`, 200, i + 1).rosterCsv));
    await income.recordIncome(creator, v, {
      date: '2025-06-30',
      category: '经营收入',
      amount: '400000.00',
      voucherNo: 'BN-1',
    });
    const run = await dividends.create(creator, v, {
      year: 2025,
      reservePercent: '10',
      distribute: { all: true },
      basis: 'member',
      scoring: { mode: 'none' },
    });
    await adopt(app, run.id, creator, approver);
    runs.push(run.id);
  }
  if (want('banner')) await bannerFigure();
  else for (const id of runs) await dividends.post(creator, id);
  async function bannerFigure() {
    const bannerPost = await timed(async () => {
      for (const id of runs) await dividends.post(creator, id);
    });
    const payoutsTotal = banner * 200;
    const bannerRaw = await raw.village('RAW-BANNER');
    const bannerEntries = Array.from({ length: banner }, () => ({
      date: '2025-12-31',
      lines: [
        { accountCode: '32202', debitFen: 200 * 100, creditFen: 0 },
        ...Array.from({ length: 200 }, () => ({
          accountCode: '20201',
          householdId: randomUUID(),
          debitFen: 0,
          creditFen: 100,
        })),
      ],
    }));
    const bannerBaseline = await timed(async () => {
      await raw.chainedEntries(bannerRaw, bannerEntries, banner);
      await raw.payouts(bannerRaw, payoutsTotal);
    });
    record(
      `dividend posting: banner (${banner} villages × 200)`,
      payoutsTotal,
      'payouts/s',
      bannerPost,
      payoutsTotal,
      bannerBaseline,
      payoutsTotal,
    );
  }

  // A large village runs in a child process of its own, so its peak RSS is its own.
  const largeSizes = !want('large') ? [] : quick ? [5_000] : [2_000, 25_000, 250_000];
  let largeRunId = '';
  for (const n of largeSizes) {
    const childDb = isSqlite ? join(outDir, `large-${n}.sqlite`) : undefined;
    const child = await largeVillageInChild(n, childDb);
    if (childDb) for (const suffix of ['', '-wal', '-shm']) rmSync(childDb + suffix, { force: true });
    record(
      'dividend run: compute draft (service, own process)',
      n,
      'households/s',
      { seconds: child.createSeconds, rssMb: child.createRssMb },
      n,
    );
    const largeRaw = await raw.village(`RAW-LARGE-${n}`);
    const lines = [
      { accountCode: '32202', debitFen: n * 100, creditFen: 0 },
      ...Array.from({ length: n }, () => ({
        accountCode: '20201',
        householdId: randomUUID(),
        debitFen: 0,
        creditFen: 100,
      })),
    ];
    const baseline = await timed(async () => {
      await raw.chainedEntries(largeRaw, [{ date: '2025-12-31', lines }], 1);
      await raw.payouts(largeRaw, n);
    });
    record(
      'dividend run: post (service, own process)',
      n,
      'payouts/s',
      { seconds: child.postSeconds, rssMb: child.postRssMb },
      n,
      baseline,
      n,
    );
    recordTime('one payment (service, bank, after the notice)', n, child.paymentSeconds, child.paymentRssMb);
    recordTime('longest request stall while the run posts', n, child.postStallMs / 1000, child.postRssMb);
  }
  // The 25,000-household slips (full mode) come from a run in the main database.
  if (!quick && want('print')) {
    const v = await newVillage();
    await households.import(creator, v, Buffer.from(generateRoster('P25-', 25_000, 25).rosterCsv));
    await income.recordIncome(creator, v, {
      date: '2025-06-30',
      category: '经营收入',
      amount: '25000000.00',
      voucherNo: 'BP-1',
    });
    const created = await dividends.create(creator, v, {
      year: 2025,
      distribute: { all: true },
      basis: 'member',
      scoring: { mode: 'none' },
    });
    await adopt(app, created.id, creator, approver);
    await dividends.post(creator, created.id);
    largeRunId = created.id;
  }

  // 6. printing: all slips of a run to one PDF
  const printRun = runs[0];
  if (want('print')) {
    const slips = await timed(() => pdfBytes(printouts.slipsPdfStream(creator, printRun, base)));
    record('printing: slips to PDF', 200, 'slips/s', slips, 200);
    if (!quick) {
      const many = await timed(() => pdfBytes(printouts.slipsPdfStream(creator, largeRunId, base)));
      record('printing: slips to PDF', 25_000, 'slips/s', many, 25_000);
    }
  }

  // 7. HTTP: public verify and a slip, against a bare Fastify route (a plain instance in this process, no Nest)
  if (want('http')) {
    const run = await app.get(RunReadsService).get(creator, printRun);
    const code = run.payouts.find((p) => 'verificationCode' in p)!.verificationCode as string;
    const token = (
      await (
        await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'bench-admin-1' }),
        })
      ).json()
    ).accessToken;
    await httpFigures(base, {
      verify: `/api/verify/${code}`,
      slip: `/api/dividend-runs/${printRun}/slips/${run.payouts[0].householdId}`,
      token,
    });
  }

  await raw.close();
  await app.close();

  // 7. dividend calculation (last: the 2,000,000-household sweep leaves the process large) (pure) vs plain BigInt allocation
  const calcSizes = !want('calc') ? [] : quick ? [200, 25_000, 250_000] : [200, 2_000, 25_000, 250_000, 2_000_000];
  for (const n of calcSizes) {
    const hs = generateCalcHouseholds(n, n);
    const pool = n * 50_000;
    const input = {
      distributableFen: pool,
      capitalHoldings: [],
      households: hs,
      params: {
        lossMakeupFen: 0,
        reservePercent: '0',
        deductions: [],
        distribute: { all: true as const },
        basis: 'member' as const,
        scoring: { mode: 'proportional' as const },
      },
    };
    const weights = hs.map((h) => BigInt(Number(h.memberUnits) * h.score));
    const keys = hs.map((h) => h.householdCode);
    // Small sizes finish in microseconds: best of several batches of calls, so neither JIT warm-up nor the
    // forced GC before each timing (it costs the next call ~2×) is counted as the calculation's cost.
    const repeats = n <= 25_000 ? 20 : 1;
    const batch = n <= 2_000 ? 50 : 1;
    // Warm both to V8's optimised code first (~4 million households' worth of calls): a server computes warm.
    for (let i = 0; n <= 2_000 && i < 4_000_000 / n; i++) {
      calculateDividend(input);
      bigintAllocation(BigInt(pool), weights, keys);
    }
    const product = await best(repeats, () => calculateDividend(input), batch);
    const baseline = await best(repeats, () => bigintAllocation(BigInt(pool), weights, keys), batch);
    record('dividend calculation (pure calculator)', n, 'households/s', product, n, baseline, n);
  }

  if (only) console.log('(--only: results not written)');
  else writeResults();
}

/** Income posting, one transaction per entry (each commit is durable), vs raw the same way. */
async function incomeFigure(income: IncomeService, raw: Baseline, newVillage: () => Promise<string>, creator: Actor) {
  const incomeCount = quick ? 300 : 2_000;
  const incomeVillage = await newVillage();
  await income.createSource(creator, incomeVillage, { code: 'LVHUA', name: '绿化养护' });
  const product = await timed(async () => {
    for (let i = 0; i < incomeCount; i++) {
      await income.recordIncome(creator, incomeVillage, {
        date: '2025-03-01',
        category: '经营收入',
        amount: `${1000 + i}.50`,
        voucherNo: `BI-${i}`,
        sourceCode: 'LVHUA',
      });
    }
  });
  const incomeRaw = await raw.village('RAW-INCOME');
  const incomeEntries = Array.from({ length: incomeCount }, (_, i) => ({
    date: '2025-03-01',
    lines: [
      { accountCode: '102', debitFen: 100_050 + i * 100, creditFen: 0 },
      { accountCode: '501', debitFen: 0, creditFen: 100_050 + i * 100 },
    ],
  }));
  const incomeBaseline = await timed(() => raw.chainedEntries(incomeRaw, incomeEntries, 1));
  record(
    'income posting (1 transaction per entry)',
    incomeCount,
    'entries/s',
    product,
    incomeCount,
    incomeBaseline,
    incomeCount,
  );
}

async function chainFigure(ledger: LedgerService, raw: Baseline) {
  // 4. chain verification: product verify vs raw read + hash, on a village of many chained entries
  const chainSize = quick ? 20_000 : 100_000;
  const cv = await raw.village('RAW-CHAIN');
  const chainEntries = Array.from({ length: chainSize }, (_, i) => ({
    date: '2025-05-01',
    lines: [
      { accountCode: '102', debitFen: 100 + i, creditFen: 0 },
      { accountCode: '501', debitFen: 0, creditFen: 100 + i },
    ],
  }));
  const write = await timed(() => raw.chainedEntries(cv, chainEntries, chainSize));
  record(
    'raw insert + SHA-256 chain (the limit)',
    chainSize,
    'entries/s',
    write,
    chainSize,
    write,
    chainSize,
    'baseline for posting: the driver alone, one transaction',
  );
  const verified = await timed(() => ledger.verifyChain(cv));
  if (!verified.value.ok) throw new Error('bench: chain did not verify');
  const rawRead = await timed(() => raw.readAndHash(cv));
  if (rawRead.value !== verified.value.head?.hash) throw new Error('bench: raw re-hash and product verify disagree');
  record('chain verification', chainSize, 'entries/s', verified, chainSize, rawRead, chainSize);
}

/**
 * The HTTP ceiling of this machine for the product's ratios: a bare Fastify instance (what Nest's adapter
 * wraps) answering `{status: "ok"}` on its own port, measured in the same run with the same load. The
 * product's own lightest route (/api/health) is reported beside it.
 */
async function bareFastify(): Promise<{ url: string; close: () => Promise<void> }> {
  const instance = new FastifyAdapter({ logger: false }).getInstance();
  instance.get('/bare', async () => ({ status: 'ok' }));
  const address = await instance.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/bare`, close: () => instance.close() };
}

interface CannonSlice {
  latencies: unknown;
  totalCompletedRequests: number;
  duration: number;
  non2xx: number;
}
type Aggregate = (results: CannonSlice[], opts: { url: string }) => autocannon.Result;

/**
 * Other processes share this machine's 2 cores, and their load comes and goes within seconds: the routes are
 * measured in interleaved slices (bare, health, verify, bare, …; the slip after them), so each ratio compares the
 * same load.
 * Rates are completed requests over the slices' time; latency percentiles come from the merged histograms.
 */
async function httpFigures(base: string, paths: { verify: string; slip: string; token: string }): Promise<void> {
  const rounds = quick ? 3 : 5;
  const slice = 2;
  const server = await bareFastify();
  const targets = [
    { name: 'HTTP bare Fastify route (no Nest, baseline)', url: server.url, headers: {} },
    { name: 'HTTP GET /api/health (Nest + product hooks)', url: `${base}/api/health`, headers: {} },
    { name: 'HTTP GET /api/verify/:code', url: base + paths.verify, headers: {} },
    {
      name: 'HTTP GET slip (HTML, logged in)',
      url: base + paths.slip,
      headers: { authorization: `Bearer ${paths.token}` },
    },
  ];
  const slices = targets.map(() => [] as CannonSlice[]);
  // The slip (heavy, garbage-collected) goes after the light routes' rounds: its GC would slow the next slice.
  const order = [...Array.from({ length: rounds }, () => [0, 1, 2]).flat(), ...Array(rounds).fill(3)];
  for (const i of order) {
    const { url, headers } = targets[i];
    const result = (await autocannon({
      url,
      connections: 10,
      duration: slice,
      headers,
      skipAggregateResult: true,
    })) as unknown as CannonSlice;
    if (result.non2xx > 0) throw new Error(`bench: ${url} answered ${result.non2xx} non-2xx`);
    slices[i].push(result);
  }
  await server.close();
  const aggregate = (autocannon as unknown as { aggregateResult: Aggregate }).aggregateResult;
  const rate = (list: CannonSlice[]) =>
    list.reduce((n, r) => n + r.totalCompletedRequests, 0) / list.reduce((t, r) => t + r.duration, 0);
  const bareRate = rate(slices[0]);
  for (const [i, { name, url }] of targets.entries()) {
    const latency = aggregate(slices[i], { url }).latency;
    const figure: Figure = {
      name,
      size: 10,
      unit: 'req/s',
      product: Math.round(rate(slices[i])),
      baseline: Math.round(bareRate),
      ratio: Math.round((rate(slices[i]) / bareRate) * 1000) / 1000,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
      seconds: rounds * slice,
      note: `p50 ${latency.p50} ms, p99 ${latency.p99} ms, 10 connections, ${rounds} interleaved slices of ${slice} s`,
    };
    figures.push(figure);
    console.log(
      `${name.padEnd(44)} ${'10 conn'.padStart(9)}  ${fmt(figure.product).padStart(10)} req/s      ${fmt(figure.baseline!).padStart(10)}  ratio ${figure.ratio}  ${figure.note}`,
    );
  }
}

function writeResults(): void {
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    database: process.env.DATABASE_URL ? 'postgresql' : 'sqlite',
  };
  writeFileSync(
    join(outDir, 'results.json'),
    JSON.stringify({ machine, at: new Date().toISOString(), mode: quick ? 'quick' : 'full', figures }, null, 2),
  );
  const md = [
    `# Benchmark results (${quick ? 'quick' : 'full'}, ${machine.database})`,
    '',
    `${machine.cpus} × ${machine.model}, ${machine.memoryGb} GiB, Node ${machine.node}; ${new Date().toISOString()}. Ratio = product rate ÷ baseline rate (1.0 is the limit).`,
    '',
    '| figure | size | product | baseline | unit | ratio | time (s) | peak RSS (MB) | note |',
    '|---|---:|---:|---:|---|---:|---:|---:|---|',
    ...figures.map(
      (f) =>
        `| ${f.name} | ${f.size.toLocaleString('en-US')} | ${fmt(f.product)} | ${f.baseline === null ? '—' : fmt(f.baseline)} | ${f.unit} | ${f.ratio ?? '—'} | ${f.seconds} | ${f.rssMb} | ${f.note ?? ''} |`,
    ),
    '',
    '![time per household](growth.svg)',
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'RESULTS.md'), md);
  writeFileSync(join(outDir, 'growth.svg'), growthSvg());
  console.log(`\nwrote ${join(outDir, 'results.json')}, RESULTS.md, growth.svg`);
}

/** Time per household (µs, log y) against households (log x) for the per-household figures. */
function growthSvg(): string {
  const series = [
    {
      name: '计算 calculation',
      color: '#8a1c1c',
      points: figures.filter((f) => f.name.startsWith('dividend calculation')),
    },
    { name: '导入 import', color: '#1c5a8a', points: figures.filter((f) => f.name === 'roster import') },
    {
      name: '过账 posting',
      color: '#2e7d32',
      points: figures.filter((f) => f.name.startsWith('dividend run: post') || f.name.startsWith('dividend posting')),
    },
  ].map((s) => ({ ...s, points: s.points.map((f) => ({ x: f.size, y: 1e6 / f.product })).sort((a, b) => a.x - b.x) }));
  const all = series.flatMap((s) => s.points);
  const W = 640;
  const H = 360;
  const pad = 56;
  const lx = (x: number) => Math.log10(x);
  const [x0, x1] = [Math.floor(lx(Math.min(...all.map((p) => p.x)))), Math.ceil(lx(Math.max(...all.map((p) => p.x))))];
  const [y0, y1] = [Math.floor(lx(Math.min(...all.map((p) => p.y)))), Math.ceil(lx(Math.max(...all.map((p) => p.y))))];
  const px = (x: number) => pad + ((lx(x) - x0) / Math.max(1, x1 - x0)) * (W - 2 * pad);
  const py = (y: number) => H - pad - ((lx(y) - y0) / Math.max(1, y1 - y0)) * (H - 2 * pad);
  const ticksX = Array.from({ length: x1 - x0 + 1 }, (_, i) => 10 ** (x0 + i));
  const ticksY = Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">Time per household (µs, log) vs households (log)</text>
${ticksX.map((t) => `<line x1="${px(t)}" x2="${px(t)}" y1="${pad}" y2="${H - pad}" stroke="#eee"/><text x="${px(t)}" y="${H - pad + 14}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`).join('\n')}
${ticksY.map((t) => `<line x1="${pad}" x2="${W - pad}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/><text x="${pad - 4}" y="${py(t) + 4}" text-anchor="end">${t}</text>`).join('\n')}
<line x1="${pad}" x2="${W - pad}" y1="${H - pad}" y2="${H - pad}" stroke="#333"/><line x1="${pad}" x2="${pad}" y1="${pad}" y2="${H - pad}" stroke="#333"/>
<text x="${W / 2}" y="${H - 12}" text-anchor="middle">households</text>
${series
  .map(
    (
      s,
      i,
    ) => `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map((p) => `${px(p.x)},${py(p.y)}`).join(' ')}"/>
${s.points.map((p) => `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.color}"/>`).join('')}
<text x="${W - pad - 120}" y="${pad + 14 * i}" fill="${s.color}">${s.name}</text>`,
  )
  .join('\n')}
</svg>`;
}

interface LargeResult {
  postStallMs: number;
  paymentSeconds: number;
  paymentRssMb: number;
  createSeconds: number;
  createRssMb: number;
  postSeconds: number;
  postRssMb: number;
}

type LargePhase = 'setup' | 'create' | 'post' | 'all';

/**
 * A large village in child processes of its own, so each figure's peak RSS is its own: the roster import, the
 * draft and the posting each in a fresh process when the database outlives them (a file or PostgreSQL); all
 * in one process on an in-memory database.
 */
async function largeVillageInChild(households: number, dbPath: string | undefined): Promise<LargeResult> {
  const args = [String(households), ...(dbPath ? ['--db', dbPath] : [])];
  if (!dbPath && !process.env.DATABASE_URL) return largeChildProcess<LargeResult>([...args, '--phase', 'all']);
  const { villageId } = await largeChildProcess<{ villageId: string }>([...args, '--phase', 'setup']);
  const create = await largeChildProcess<{ runId: string } & Pick<LargeResult, 'createSeconds' | 'createRssMb'>>([
    ...args,
    '--phase',
    'create',
    '--village',
    villageId,
  ]);
  const post = await largeChildProcess<Omit<LargeResult, 'createSeconds' | 'createRssMb'>>([
    ...args,
    '--phase',
    'post',
    '--run',
    create.runId,
  ]);
  return { ...create, ...post };
}

function largeChildProcess<T>(largeArgs: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=4096', fileURLToPath(import.meta.url), '--large', ...largeArgs],
      { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as T);
      else reject(new Error(`large-village child failed (${code}): ${output.slice(-500)}`));
    });
  });
}

/**
 * One bank payment through PaymentsService, the way a cashier records it: dated today, the run's result notice
 * set to have ended yesterday (the bench measures paying, not the calendar, as with the plan's publicity).
 */
async function onePayment(app: INestApplicationContext, runId: string, cashier: Actor) {
  const today = app.get(Clock).todayIso();
  const data = app.get(DataSource);
  await data.getRepository(DividendRun).update({ id: runId }, { noticeUntil: addDays(today, -1) });
  const payout = await data.getRepository(Payout).findOne({ where: { runId }, order: { leafIndex: 'ASC' } });
  if (!payout) throw new Error('bench: the run has no payout to pay');
  // The posting's garbage is collected and its pages swept first (the sweep runs beside the loop: it is given a
  // moment). Otherwise the payment's first allocation waits for that sweep — 0.6–1.2 s after a 250,000-household
  // posting, with every statement of the payment under 6 ms — and the posting's cost is billed to the payment.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return timed(() =>
    app.get(PaymentsService).record(cashier, runId, {
      householdId: payout.householdId,
      amount: fenToYuan(payout.amountFen),
      method: 'bank',
      date: today,
      receiptNo: `BENCH-PAY-${runId.slice(0, 8)}`,
    }),
  );
}

const benchActor = (id: string): Actor => ({
  userId: id,
  username: id,
  role: 'cadre',
  villageIds: [],
  allVillages: true,
  householdId: null,
  requestId: 'bench',
  ip: 'bench',
});

/** Set-up of a large village: N households imported and the year's income recorded. */
async function largeSetup(app: INestApplicationContext, households: number): Promise<string> {
  const v = (
    await app.get(VillagesService).create(benchActor('c'), { code: `LARGE${households}-${Date.now()}`, name: '大村' })
  ).id;
  await app
    .get(HouseholdsService)
    .import(benchActor('c'), v, Buffer.from(generateRoster(`L${households}-`, households, households).rosterCsv));
  await app.get(IncomeService).recordIncome(benchActor('c'), v, {
    date: '2025-06-30',
    category: '经营收入',
    amount: `${households * 1000}.00`,
    voucherNo: 'BL-1',
  });
  return v;
}

async function largeCreate(app: INestApplicationContext, villageId: string) {
  const create = await timed(() =>
    app.get(DividendsService).create(benchActor('c'), villageId, {
      year: 2025,
      reservePercent: '10',
      distribute: { all: true },
      basis: 'member',
      scoring: { mode: 'none' },
    }),
  );
  return { runId: create.value.id, createSeconds: create.seconds, createRssMb: create.rssMb };
}

async function largePost(app: INestApplicationContext, runId: string) {
  await adopt(app, runId, benchActor('c'), benchActor('a'));
  // The longest the event loop (so every other request) waits while the run posts, sampled every 10 ms.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const ticks = () => new Promise((resolve) => setTimeout(resolve, 30));
  lag.enable();
  await ticks(); // the monitor measures from its first tick on
  const post = await timed(() => app.get(DividendsService).post(benchActor('c'), runId));
  await ticks(); // a loop blocked to the end records the delay when its timer runs again
  lag.disable();
  const payment = await onePayment(app, runId, benchActor('c'));
  return {
    postSeconds: post.seconds,
    postRssMb: post.rssMb,
    postStallMs: Math.round(lag.max / 1e6),
    paymentSeconds: payment.seconds,
    paymentRssMb: payment.rssMb,
  };
}

/** Child mode: one phase of the large village (or all of them); prints its figures as one JSON line. */
async function largeChild(households: number, dbPath: string | undefined, phase: LargePhase): Promise<void> {
  if (dbPath && (phase === 'setup' || phase === 'all')) {
    for (const s of ['', '-wal', '-shm']) if (existsSync(dbPath + s)) rmSync(dbPath + s);
  }
  const config = loadConfig({
    ...process.env,
    DATABASE_PATH: dbPath ?? ':memory:',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    JWT_SECRET: 'bench-secret-0123456789abcdef',
  });
  Logger.overrideLogger(['error']);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  const option = (name: string) => args[args.indexOf(name) + 1];
  let result: Record<string, unknown>;
  if (phase === 'setup') result = { villageId: await largeSetup(app, households) };
  else if (phase === 'create') result = await largeCreate(app, option('--village'));
  else if (phase === 'post') result = await largePost(app, option('--run'));
  else {
    const created = await largeCreate(app, await largeSetup(app, households));
    result = { ...created, ...(await largePost(app, created.runId)) };
  }
  await app.close();
  process.stdout.write(JSON.stringify(result) + '\n');
}

const entry = args.includes('--large')
  ? largeChild(
      Number(args[args.indexOf('--large') + 1]),
      args.includes('--db') ? args[args.indexOf('--db') + 1] : undefined,
      (args.includes('--phase') ? args[args.indexOf('--phase') + 1] : 'all') as LargePhase,
    )
  : main();

entry.then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
