import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { ENTITIES } from './entities.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';

/** One place builds the TypeORM options; schema sync is never used, migrations always are. */
export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  if (database.kind === 'postgres') {
    return {
      type: 'postgres',
      url: database.url,
      schema: database.schema,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      synchronize: false,
      migrationsRun: false,
      // Unqualified names in migrations and raw SQL resolve in the configured schema.
      extra: { max: 10, ...(database.schema ? { options: `-c search_path=${database.schema}` } : {}) },
    };
  }
  return {
    type: 'better-sqlite3',
    database: database.path,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    enableWAL: database.path !== ':memory:',
    // FULL: with NORMAL a commit acknowledged before a power loss may roll back.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
    },
  };
}
