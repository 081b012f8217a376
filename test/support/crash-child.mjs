// Child process for the crash tests: boots the built product on a SQLite file and performs one write,
// printing "ready" just before it starts so the parent can SIGKILL it mid-write.
// Usage: node test/support/crash-child.mjs post|import|bulk DB_PATH ARG USER_ID
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AppModule } from '../../dist/app.module.js';
import { loadConfig } from '../../dist/config/env.js';
import { DividendsService } from '../../dist/dividends/dividends.service.js';
import { HouseholdsService } from '../../dist/households/households.service.js';
import { ScoringService } from '../../dist/scoring/scoring.service.js';

const [action, dbPath, arg, userId, villageId] = process.argv.slice(2);
const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig({ DATABASE_PATH: dbPath, JWT_SECRET: 'crash-test-secret-0123456789' })), { logger: false });
const actor = { userId, username: 'crash', role: 'cadre', villageIds: [], allVillages: true, householdId: null, requestId: 'crash', ip: 'test' };
process.stdout.write('ready\n');
try {
  if (action === 'post') await app.get(DividendsService).post(actor, arg);
  else if (action === 'import') await app.get(HouseholdsService).import(actor, villageId, readFileSync(arg));
  else if (action === 'bulk') await app.get(ScoringService).recordBulk(actor, villageId, JSON.parse(readFileSync(arg, 'utf8')));
  process.stdout.write('done\n');
  await app.close();
  process.exit(0);
} catch (error) {
  process.stdout.write(`error ${error.code ?? ''} ${error.message}\n`);
  await app.close();
  process.exit(3);
}
