import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHART_2023_INCOME, chartInsertSql } from '../chart-of-accounts.js';

/** Generated for PostgreSQL by src/database/generate-migration.ts; the 2023 chart's 511 发包及上交收入 added by hand. */
export class BooksComplete1796205109970 implements MigrationInterface {
  name = 'BooksComplete1796205109970';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "income_sources" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(chartInsertSql(CHART_2023_INCOME));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accounts WHERE code IN (${CHART_2023_INCOME.map(([c]) => `'${c}'`).join(', ')})`);
    await queryRunner.query(`ALTER TABLE "income_sources" DROP COLUMN "active"`);
  }
}
