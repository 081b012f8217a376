/**
 * Command line: `npm run cli -- <command>`. Runs the same services as the server, on the same database
 * (DATABASE_PATH / DATABASE_URL). Long work shows a progress bar.
 */
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { User } from '../auth/user.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { fenToYuanGrouped, yuanToFen } from '../common/money.js';
import { type AppConfig, loadConfigOrExit } from '../config/env.js';
import { DividendsService } from '../dividends/dividends.service.js';
import { RunReadsService } from '../dividends/run-reads.service.js';
import type { CreateRunDto, ScoringDto } from '../dividends/dto.js';
import { HouseholdsService } from '../households/households.service.js';
import { PersonalDataService } from '../households/personal-data.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PrintoutsService } from '../printouts/printouts.service.js';
import { VillageAccess } from '../common/village-access.js';
import { VillageArchiveService } from '../operations/village-archive.service.js';
import { backupSqlite } from '../operations/sqlite-file.js';
import { restoreCommand } from './restore.js';

const HELP = `集体经济分红账本 命令行 / village dividend ledger CLI

  npm run cli -- ledger:verify --village CODE [--seq N --hash H]
  npm run cli -- audit:verify
  npm run cli -- import households --village CODE FILE.csv|FILE.xlsx
  npm run cli -- dividend:run --village CODE --year YYYY [--scheme none|proportional|tiered|split]
        [--basis member|share] [--amount 183500.00 | --all] [--reserve 15] [--score-share 0.3]
        [--tiers 60:0.5,90:1,110:1.2] [--deduction 防贫保险=3360.00 ...] [--loss 0.00] [--user USERNAME]
  npm run cli -- slips --run RUN_ID --out slips.pdf
  npm run cli -- backup FILE.sqlite
  npm run cli -- restore FILE.sqlite            (SQLite; the server must be stopped)
  npm run cli -- export-village --village CODE --out FILE.vlarc
  npm run cli -- import-village FILE.vlarc [--user USERNAME]
  npm run cli -- rotate-data-key      (DATA_KEY = the new key, DATA_KEY_PREVIOUS = the old one)

Database: DATABASE_PATH (default data/ledger.sqlite) or DATABASE_URL=postgres://…`;

function bar(label: string, total: number): SingleBar {
  const b = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, stopOnComplete: true },
    Presets.shades_classic,
  );
  if (process.stderr.isTTY || process.env.CLI_PROGRESS) b.start(total, 0);
  return b;
}

const OPTIONS = {
  village: { type: 'string' },
  year: { type: 'string' },
  scheme: { type: 'string' },
  basis: { type: 'string' },
  amount: { type: 'string' },
  all: { type: 'boolean' },
  reserve: { type: 'string' },
  'score-share': { type: 'string' },
  tiers: { type: 'string' },
  deduction: { type: 'string', multiple: true },
  loss: { type: 'string' },
  user: { type: 'string' },
  run: { type: 'string' },
  out: { type: 'string' },
  seq: { type: 'string' },
  hash: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** What a command that runs the services gets: the app, the arguments and the acting user. */
interface Context {
  app: INestApplicationContext;
  config: AppConfig;
  values: Values;
  rest: string[];
  /** The CLI as admin, or the named user (then audited as that user). */
  actor: (username?: string) => Promise<Actor>;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const config = loadConfigOrExit();
  if (command === 'backup') return backup(config, rest[0]);
  if (command === 'restore') {
    const source = rest[0];
    if (!source) throw new UsageError('restore FILE');
    if (config.database.kind !== 'sqlite') {
      throw new UsageError('PostgreSQL: restore with pg_restore (see README, "Operations")');
    }
    return restoreCommand(source, config.database.path);
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command ${command}`);
  Logger.overrideLogger(['error']);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    return await run({ app, config, values, rest, actor: (username) => actorFor(app, username) });
  } finally {
    await app.close();
  }
}

async function actorFor(app: INestApplicationContext, username?: string): Promise<Actor> {
  const base = { villageIds: [], allVillages: true, householdId: null, requestId: `cli-${process.pid}`, ip: 'cli' };
  if (!username) return { ...base, userId: 'cli', username: 'cli', role: 'admin' };
  const user = await app.get(DataSource).getRepository(User).findOneBy({ username });
  if (!user) throw new UsageError(`unknown user ${username}`);
  return { ...base, userId: user.id, username: user.username, role: user.role };
}

const villageOf = (c: Context) => c.app.get(VillageAccess).villageByCode(required(c.values.village, '--village'));

const COMMANDS: Record<string, (c: Context) => Promise<number>> = {
  'ledger:verify': verifyLedger,
  'audit:verify': async (c) => {
    const result = await c.app.get(AuditService).verify();
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 1;
  },
  import: importHouseholds,
  'dividend:run': dividendRun,
  slips,
  'export-village': exportVillage,
  'import-village': importVillage,
  'rotate-data-key': async (c) => {
    const result = await c.app.get(PersonalDataService).rotate();
    console.log(
      `✔ 已用新密钥 ${result.keyId} 重新加密 ${result.households} 个银行账号、${result.members} 个身份证号 / re-sealed`,
    );
    return 0;
  },
};

async function backup(config: AppConfig, target: string | undefined): Promise<number> {
  if (!target) throw new UsageError('backup FILE');
  if (config.database.kind !== 'sqlite') throw new UsageError('PostgreSQL: use pg_dump (see README, "Operations")');
  const progress = bar('备份 backup', 100);
  const pages = await backupSqlite(config.database.path, target, (done, total) => {
    progress.setTotal(total);
    progress.update(done);
  });
  progress.stop();
  console.log(`✔ 已备份 ${pages} 页到 ${target} / backup written`);
  return 0;
}

async function verifyLedger(c: Context): Promise<number> {
  const village = await villageOf(c);
  const ledger = c.app.get(LedgerService);
  const { seq, hash } = c.values;
  const published = seq || hash ? ledger.assertPublishedHead(seq, hash) : undefined;
  const result = await ledger.verifyChain(village.id, published);
  const name = `${village.name}（${village.code}）`;
  if (result.ok) {
    console.log(`✔ ${name}账本完整：${result.entries} 条凭证，链头 #${result.head?.seq} ${result.head?.hash}`);
  } else {
    const seqBad = result.firstBadSeq;
    console.log(`✘ ${name}账本在第 ${seqBad} 号凭证处断裂 / chain broken at seq ${seqBad}`);
  }
  console.log(JSON.stringify(result));
  return result.ok ? 0 : 1;
}

async function importHouseholds(c: Context): Promise<number> {
  if (c.rest[0] !== 'households' || !c.rest[1]) throw new UsageError('import households --village CODE FILE');
  const village = await villageOf(c);
  const progress = bar('导入 import', 3);
  const buffer = readFileSync(c.rest[1]);
  progress.update(1);
  const result = await c.app.get(HouseholdsService).import(await c.actor(c.values.user), village.id, buffer);
  progress.update(3);
  progress.stop();
  console.log(`✔ 已导入 ${result.households} 户 ${result.members} 人 / imported`);
  return 0;
}

async function dividendRun(c: Context): Promise<number> {
  const village = await villageOf(c);
  const dto = runRequest(c.values);
  const progress = bar('计算 compute', 2);
  progress.update(1);
  const creator = await c.actor(c.values.user);
  const run = await c.app
    .get(RunReadsService)
    .withPayouts(creator, await c.app.get(DividendsService).create(creator, village.id, dto));
  progress.update(2);
  progress.stop();
  const yuan = (amount: string) => fenToYuanGrouped(yuanToFen(amount));
  const amounts = run.payouts.map((p) => yuanToFen(p.amount)).sort((a, b) => a - b);
  const [least, median, most] = [amounts[0], amounts[Math.floor(amounts.length / 2)], amounts[amounts.length - 1]];
  console.log(
    [
      `✔ 草稿已创建 draft ${run.id}`,
      `  ${village.name} ${run.year} 年  方案 ${dto.scoring?.mode ?? '章程默认'} / ${dto.basis}`,
      `  可分配收益 ${yuan(run.distributable)}  公积公益金 ${yuan(run.reserve)}  可供分配 ${yuan(run.available)}`,
      `  分配总额 ${yuan(run.pool)}  留存 ${yuan(run.retained)}  户数 ${run.payouts.length}`,
      `  每户最少 ${fenToYuanGrouped(least ?? 0)}  中位 ${fenToYuanGrouped(median ?? 0)}  ` +
        `最多 ${fenToYuanGrouped(most ?? 0)}`,
    ].join('\n'),
  );
  for (const w of run.warnings) console.log(`  ⚠ ${w.message}`);
  return 0;
}

async function slips(c: Context): Promise<number> {
  const runId = required(c.values.run, '--run');
  const out = required(c.values.out, '--out');
  const cli = await c.actor(c.values.user);
  const total = (await c.app.get(RunReadsService).payouts(cli, runId, { limit: 1, offset: 0 })).total;
  const progress = bar('打印 slips', total);
  let done = 0;
  const baseUrl = c.config.publicBaseUrl ?? `http://localhost:${c.config.port}`;
  const pdf = await c.app.get(PrintoutsService).slipsPdf(cli, runId, baseUrl, undefined, () => progress.update(++done));
  progress.stop();
  writeFileSync(out, pdf);
  console.log(`✔ ${total} 张分红明细单已写入 ${out}（${Math.round(pdf.length / 1024)} KB）`);
  return 0;
}

async function exportVillage(c: Context): Promise<number> {
  const code = required(c.values.village, '--village');
  const out = required(c.values.out, '--out');
  const progress = bar('导出 export', 1);
  const started = Date.now();
  const result = await c.app.get(VillageArchiveService).exportVillage(code, (_stage, done, total) => {
    progress.setTotal(total);
    progress.update(done);
  });
  progress.stop();
  writeFileSync(out, result.archive);
  const rows = result.manifest.parts.reduce((n, p) => n + p.rows, 0);
  console.error(`✔ ${code} 已导出到 ${out}：${rows} 行，${result.archive.length} 字节，${Date.now() - started} ms`);
  const { ledgerHead } = result.manifest;
  const bytes = result.archive.length;
  console.log(JSON.stringify({ out, bytes, rows, ledgerHead, manifestSha256: result.manifestSha256 }));
  return 0;
}

async function importVillage(c: Context): Promise<number> {
  const file = c.rest[0];
  if (!file) throw new UsageError('import-village FILE');
  const progress = bar('导入 import', 3);
  const started = Date.now();
  const result = await c.app
    .get(VillageArchiveService)
    .importVillage(readFileSync(file), await c.actor(c.values.user), (_stage, done) => progress.update(done));
  progress.stop();
  const { village, ledgerHead } = result;
  console.error(
    `✔ ${village.name}（${village.code}）已导入并校验：链头 #${ledgerHead.seq} ${ledgerHead.hash}，` +
      `${Date.now() - started} ms`,
  );
  console.log(JSON.stringify(result));
  return 0;
}

class UsageError extends Error {}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function runRequest(v: Values): CreateRunDto {
  const mode = (v.scheme as string) ?? 'none';
  if (!['none', 'proportional', 'tiered', 'split'].includes(mode)) {
    throw new UsageError('--scheme must be none, proportional, tiered or split');
  }
  const deductions = ((v.deduction as string[]) ?? []).map((d) => {
    const [name, amount] = d.split('=');
    if (!name || !amount) throw new UsageError('--deduction NAME=AMOUNT');
    return { name, amount };
  });
  return {
    year: Number(required(v.year as string, '--year')),
    ...(v.loss ? { lossMakeup: v.loss as string } : {}),
    ...(v.reserve ? { reservePercent: v.reserve as string } : {}),
    deductions,
    distribute: v.amount ? { amount: v.amount as string } : { all: true },
    basis: ((v.basis as string) ?? 'member') as 'member' | 'share',
    scoring: {
      mode: mode as ScoringDto['mode'],
      ...(mode === 'split' ? { scoreShare: (v['score-share'] as string) ?? '0.3' } : {}),
      ...(mode === 'tiered'
        ? {
            tiers: String(required(v.tiers as string, '--tiers'))
              .split(',')
              .map((t) => ({ minScore: Number(t.split(':')[0]), factor: t.split(':')[1] })),
          }
        : {}),
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) console.error(`用法错误 / usage: ${error.message}\n\n${HELP}`);
    else if (error instanceof DomainError) {
      const details = error.details && Object.keys(error.details).length ? error.details : null;
      console.error(`✘ ${error.message}${details ? `\n${JSON.stringify(details, null, 2)}` : ''}`);
    } else console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
