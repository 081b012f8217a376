import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_ONLY_TABLES, chartInsertSql } from '../chart-of-accounts.js';

/** Hand-written for SQLite: append-only triggers and the chart of accounts. */
export class AppendOnlyAndChart1795499485300 implements MigrationInterface {
  name = 'AppendOnlyAndChart1795499485300';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of APPEND_ONLY_TABLES) {
      for (const op of ['UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
            `BEGIN SELECT RAISE(ABORT, '${table} is append-only (只能追加，不能修改或删除)'); END`,
        );
      }
    }
    await queryRunner.query(chartInsertSql());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accounts`);
    for (const table of APPEND_ONLY_TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_update`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_delete`);
    }
  }
}
