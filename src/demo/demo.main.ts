import { Logger } from '@nestjs/common';
import { existsSync, rmSync } from 'node:fs';
import { loadConfigOrExit } from '../config/env.js';
import { startServer } from '../main.js';
import { DemoClock } from './demo-clock.js';
import { DEMO_PASSWORD, DEMO_USERS, loadDemo } from './demo-loader.js';

/** `npm run demo`: a fresh SQLite file with the demo village, served on PORT (default 3000). */
const path = process.env.DEMO_DATABASE_PATH ?? 'data/demo.sqlite';
for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
const adminPassword = process.env.ADMIN_PASSWORD ?? 'demo-admin';
const config = loadConfigOrExit({
  ...process.env,
  DATABASE_PATH: path,
  DATABASE_URL: '',
  ADMIN_PASSWORD: adminPassword,
  // The demo's throw-away file needs no scheduled copies among the real ones in BACKUP_DIR.
  BACKUP_EVERY_HOURS: process.env.BACKUP_EVERY_HOURS ?? '0',
});
Logger.overrideLogger(['error', 'warn']);
const clock = new DemoClock(config.clockStart, config.businessTimeZone);
const app = await startServer(config, { clock });
const url = `http://localhost:${config.port}`;
console.log('正在载入演示数据（巴彦霍德嘎查）…');
const started = Date.now();
const demo = await loadDemo(
  `http://127.0.0.1:${config.port}`,
  adminPassword,
  (line) => console.log(`  ${line}`),
  (beijing) => clock.travelTo(beijing),
);
console.log(`演示数据已载入（${Math.round((Date.now() - started) / 100) / 10} 秒）。

  网页界面:  ${url}/web
  API 文档:  ${url}/api/docs
  核验页示例: ${url}/v/${demo.sampleCode}（BYHD001 户 2021 年分红）

  演示账号（密码均为 ${DEMO_PASSWORD}，管理员 admin / ${adminPassword}）：
${DEMO_USERS.map((u) => `    ${u.username.padEnd(8)} ${u.label}`).join('\n')}
    ${demo.householdUsername.padEnd(8)} 农牧户（只能看本户）

按 Ctrl+C 停止。`);
process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
