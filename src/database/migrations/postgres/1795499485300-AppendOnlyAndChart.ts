import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_ONLY_TABLES, chartInsertSql } from '../chart-of-accounts.js';

/** Hand-written for PostgreSQL: append-only triggers (row and TRUNCATE) and the chart of accounts. */
export class AppendOnlyAndChart1795499485300 implements MigrationInterface {
  name = 'AppendOnlyAndChart1795499485300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
        `RAISE EXCEPTION '% is append-only (只能追加，不能修改或删除)', TG_TABLE_NAME; END $$`,
    );
    for (const table of APPEND_ONLY_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`,
      );
    }
    await queryRunner.query(chartInsertSql());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accounts`);
    for (const table of APPEND_ONLY_TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_append_only_change()`);
  }
}
