import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A fresh, empty PostgreSQL schema named `<prefix>_<random>` (for a measurement to migrate into). */
export async function createScratchSchema(url: string, prefix: string): Promise<string> {
  const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}
