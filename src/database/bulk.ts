import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Multi-row INSERTs in chunks (one statement per chunk, well under SQLite's variable limit). */
export async function insertChunked<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[], chunk = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await manager.createQueryBuilder().insert().into(target).values(rows.slice(i, i + chunk) as never).updateEntity(false).execute();
  }
}
