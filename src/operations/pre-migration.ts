import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { dataSourceOptions } from '../database/data-source.js';
import { backupSqlite } from './sqlite-file.js';
import { backupName } from './backup-names.js';

/**
 * Upgrade safety: when the SQLite file has migrations still to run, copy it into BACKUP_DIR
 * (`pre-migration-<Beijing time>.sqlite`) before the server runs them. Returns the copy's path, or null.
 */
export async function backupBeforeMigrations(config: AppConfig, now = new Date()): Promise<string | null> {
  const database = config.database;
  if (database.kind !== 'sqlite' || database.path === ':memory:' || !existsSync(database.path)) return null;
  const source = new DataSource(dataSourceOptions(database));
  await source.initialize();
  let pending: boolean;
  try {
    pending = await source.showMigrations();
  } finally {
    await source.destroy();
  }
  if (!pending) return null;
  const dir = resolve(config.backupDir);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, backupName(now, new Set(readdirSync(dir)), 'pre-migration'));
  await backupSqlite(database.path, target);
  return target;
}
