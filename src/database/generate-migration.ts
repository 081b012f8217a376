/**
 * Generates the next migration for BOTH dialects from the entities: the difference between the schema
 * the existing migrations build and the entities, on a fresh SQLite and a fresh PostgreSQL schema.
 * Usage: npm run build && node dist/database/generate-migration.js Name  (PostgreSQL on DATABASE_URL
 * or postgres://postgres@127.0.0.1:5432/test).
 */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: generate-migration.js PascalName');
const srcDir = join(dirname(fileURLToPath(import.meta.url)), '../../src/database/migrations');
const stamp = Date.now();

async function diff(source: DataSource, schema?: string): Promise<{ up: string[]; down: string[] }> {
  await source.initialize();
  await source.runMigrations();
  const log = await source.driver.createSchemaBuilder().log();
  await source.destroy();
  const unqualify = (q: string) => (schema ? q.split(`"${schema}".`).join('') : q);
  const esc = (q: string) => unqualify(q).replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return {
    up: log.upQueries.map((q) => esc(q.query)),
    down: log.downQueries.map((q) => esc(q.query)).reverse(),
  };
}

function file(dialect: string, queries: { up: string[]; down: string[] }): string {
  const cls = `${name}${stamp}`;
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(\`${q}\`);`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for ${dialect} by src/database/generate-migration.ts. */
export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(queries.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(queries.down)}
  }
}
`;
}

async function main(): Promise<void> {
  const sqlite = await diff(new DataSource(dataSourceOptions({ kind: 'sqlite', path: ':memory:' })));
  const schema = `gen_${stamp}`;
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new DataSource({ type: 'postgres', url });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const pg = await diff(new DataSource(dataSourceOptions({ kind: 'postgres', url, schema })), schema);
    if (sqlite.up.length === 0 && pg.up.length === 0) {
      console.log('No changes: the migrations match the entities.');
      return;
    }
    writeFileSync(join(srcDir, 'sqlite', `${stamp}-${name}.ts`), file('SQLite', sqlite));
    writeFileSync(join(srcDir, 'postgres', `${stamp}-${name}.ts`), file('PostgreSQL', pg));
    console.log(
      `Wrote ${name}: ${sqlite.up.length} SQLite and ${pg.up.length} PostgreSQL statements. ` +
        'Add both to migrations/index.ts.',
    );
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.destroy();
  }
}

await main();
