import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class PlanCourse1796194654550 implements MigrationInterface {
  name = 'PlanCourse1796194654550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "plan_objections" ("id" character varying(36) NOT NULL, "run_id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "reason" text NOT NULL, "created_by" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, "answer" text, "answered_by" character varying(36), "answered_at" character varying(32), CONSTRAINT "PK_6cd02d6662bbef1f3545efacf48" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_0097406136477b027e3778d748" ON "plan_objections"  ("run_id") `);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "inputs_fingerprint" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "inputs_ledger_seq" integer`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "published_on" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "published_by" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "objections_until" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "notice_until" character varying(10)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "notice_until"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "objections_until"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "published_by"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "published_on"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "inputs_ledger_seq"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "inputs_fingerprint"`);
    await queryRunner.query(`DROP INDEX "IDX_0097406136477b027e3778d748"`);
    await queryRunner.query(`DROP TABLE "plan_objections"`);
  }
}
