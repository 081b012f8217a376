import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHART_2023_INCOME, chartInsertSql } from '../chart-of-accounts.js';

/** Generated for SQLite by src/database/generate-migration.ts; the 2023 chart's 511 发包及上交收入 added by hand. */
export class BooksComplete1796205109970 implements MigrationInterface {
  name = 'BooksComplete1796205109970';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_e76e28b30bb74e6a58858a9bd8"`);
    await queryRunner.query(`CREATE TABLE "temporary_income_sources" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "active" boolean NOT NULL DEFAULT (1))`);
    await queryRunner.query(`INSERT INTO "temporary_income_sources"("id", "village_id", "code", "name") SELECT "id", "village_id", "code", "name" FROM "income_sources"`);
    await queryRunner.query(`DROP TABLE "income_sources"`);
    await queryRunner.query(`ALTER TABLE "temporary_income_sources" RENAME TO "income_sources"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e76e28b30bb74e6a58858a9bd8" ON "income_sources" ("village_id", "code") `);
    await queryRunner.query(chartInsertSql(CHART_2023_INCOME));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accounts WHERE code IN (${CHART_2023_INCOME.map(([c]) => `'${c}'`).join(', ')})`);
    await queryRunner.query(`DROP INDEX "IDX_e76e28b30bb74e6a58858a9bd8"`);
    await queryRunner.query(`ALTER TABLE "income_sources" RENAME TO "temporary_income_sources"`);
    await queryRunner.query(`CREATE TABLE "income_sources" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL)`);
    await queryRunner.query(`INSERT INTO "income_sources"("id", "village_id", "code", "name") SELECT "id", "village_id", "code", "name" FROM "temporary_income_sources"`);
    await queryRunner.query(`DROP TABLE "temporary_income_sources"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e76e28b30bb74e6a58858a9bd8" ON "income_sources" ("village_id", "code") `);
  }
}
