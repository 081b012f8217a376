import type { EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { insertRows, mapRows } from '../database/bulk.js';

interface ColumnAccess {
  databaseName: string;
  propertyName: string;
  transformer?: ValueTransformer;
}

/**
 * The table and column list of an entity, from TypeORM's metadata (so a new column cannot be forgotten
 * by a hand-typed list), with a fast row builder for bulk inserts: one property read per column, the
 * column's transformer applied (JSON text), undefined written as NULL.
 */
export function entityColumns<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
): { table: string; columns: string[]; row: (item: T) => unknown[] } {
  const metadata = manager.connection.getMetadata(entity);
  const access: ColumnAccess[] = metadata.columns.map((c) => ({
    databaseName: c.databaseName,
    propertyName: c.propertyName,
    transformer: Array.isArray(c.transformer) ? undefined : c.transformer,
  }));
  if (metadata.columns.some((c) => Array.isArray(c.transformer) || c.embeddedMetadata)) {
    throw new Error(`entityColumns: ${metadata.tableName} has embedded columns or chained transformers`);
  }
  return {
    table: metadata.tableName,
    columns: access.map((c) => c.databaseName),
    row: (item) =>
      access.map((c) => {
        const value: unknown = item[c.propertyName];
        return (c.transformer ? c.transformer.to(value) : value) ?? null;
      }),
  };
}

/**
 * Inserts entities in bulk (database/bulk.ts) with the column list of the entity's metadata; `pause` (a long
 * transaction's) is awaited between chunks of rows.
 */
export async function insertEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  items: Iterable<T>,
  pause?: () => Promise<void>,
): Promise<void> {
  const { table, columns, row } = entityColumns(manager, entity);
  await insertRows(manager, table, columns, mapRows(items, row), undefined, pause);
}
