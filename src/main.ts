import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import 'reflect-metadata';
import { AppModule, type AppOptions } from './app.module.js';
import { configureApp, createAdapter } from './app.setup.js';
import { loadConfig, loadConfigOrExit } from './config/env.js';
import { BackupService } from './operations/backup.service.js';
import { backupBeforeMigrations } from './operations/pre-migration.js';

export async function startServer(config = loadConfig(), options: AppOptions = {}): Promise<NestFastifyApplication> {
  const saved = await backupBeforeMigrations(config);
  if (saved) new Logger('Main').log(`Pending migrations: the database was copied to ${saved} first`);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), createAdapter(), {
    bufferLogs: false,
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await configureApp(app);
  await app.listen(config.port, '0.0.0.0');
  app.get(BackupService).startSchedule();
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfigOrExit();
  await startServer(config);
  new Logger('Main').log(`集体经济分红账本 listening on http://localhost:${config.port}/ (API /api, docs /api/docs)`);
}
