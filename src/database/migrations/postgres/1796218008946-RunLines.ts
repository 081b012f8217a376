import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADD_RUN_COLUMNS, backfillRunLines } from '../run-lines-backfill.js';

/** Generated for PostgreSQL by src/database/generate-migration.ts; runs' JSON moved into rows first. */
export class RunLines1796218008946 implements MigrationInterface {
  name = 'RunLines1796218008946';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "run_lines" ("run_id" character varying(36) NOT NULL, "position" integer NOT NULL, "household_id" character varying(36) NOT NULL, "household_code" character varying(32) NOT NULL, "member_units" character varying(24), "member_count" integer, "share_units" character varying(24) NOT NULL, "score" integer NOT NULL, "units" character varying(24) NOT NULL, "factor" character varying(24) NOT NULL, "weight" character varying(48) NOT NULL, "amount_fen" bigint NOT NULL, "base_fen" bigint, "score_fen" bigint, CONSTRAINT "PK_811f22d95bfabd6618033030bc4" PRIMARY KEY ("run_id", "position"))`);
    await queryRunner.query(`CREATE INDEX "IDX_09bfb12638c6364b7dc23f11d1" ON "run_lines"  ("run_id", "household_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9a7b206926b8e06fe7f3fa3fb2" ON "run_lines"  ("run_id", "household_id") `);
    for (const column of ADD_RUN_COLUMNS) await queryRunner.query(`ALTER TABLE "dividend_runs" ADD ${column}`);
    await backfillRunLines(queryRunner, true);
    for (const column of ['request', 'inputs', 'totals', 'warnings', 'line_count']) {
      await queryRunner.query(`ALTER TABLE "dividend_runs" ALTER COLUMN "${column}" SET NOT NULL`);
    }
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "result"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "snapshot"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "line_count"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "warnings"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "totals"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "inputs"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "request"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "snapshot" text NOT NULL`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "result" text NOT NULL`);
    await queryRunner.query(`DROP INDEX "IDX_9a7b206926b8e06fe7f3fa3fb2"`);
    await queryRunner.query(`DROP INDEX "IDX_09bfb12638c6364b7dc23f11d1"`);
    await queryRunner.query(`DROP TABLE "run_lines"`);
  }
}
