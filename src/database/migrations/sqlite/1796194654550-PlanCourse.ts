import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for SQLite by src/database/generate-migration.ts. */
export class PlanCourse1796194654550 implements MigrationInterface {
  name = 'PlanCourse1796194654550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "plan_objections" ("id" varchar(36) PRIMARY KEY NOT NULL, "run_id" varchar(36) NOT NULL, "household_id" varchar(36) NOT NULL, "reason" text NOT NULL, "created_by" varchar(36) NOT NULL, "created_at" varchar(32) NOT NULL, "answer" text, "answered_by" varchar(36), "answered_at" varchar(32))`);
    await queryRunner.query(`CREATE INDEX "IDX_0097406136477b027e3778d748" ON "plan_objections" ("run_id") `);
    await queryRunner.query(`DROP INDEX "IDX_06aee2793f17529f9eb5da5a6b"`);
    await queryRunner.query(`CREATE TABLE "temporary_dividend_runs" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "year" integer NOT NULL, "status" varchar(16) NOT NULL, "snapshot" text NOT NULL, "snapshot_hash" varchar(64) NOT NULL, "result" text NOT NULL, "created_by" varchar(36) NOT NULL, "created_at" varchar(32) NOT NULL, "approved_by" varchar(36), "approved_at" varchar(32), "resolution_ref" varchar(64), "meeting" text, "posted_by" varchar(36), "posted_at" varchar(32), "posted_head_seq" integer, "posted_head_hash" varchar(64), "merkle_root" varchar(64), "reversed_by" varchar(36), "reversed_at" varchar(32), "reverse_reason" text, "posted_year_key" varchar(48), "payout_count" integer, "inputs_fingerprint" varchar(64), "inputs_ledger_seq" integer, "published_on" varchar(10), "published_by" varchar(36), "objections_until" varchar(10), "notice_until" varchar(10), CONSTRAINT "UQ_5dd22bc443ba9be0b3831894d3d" UNIQUE ("posted_year_key"))`);
    await queryRunner.query(`INSERT INTO "temporary_dividend_runs"("id", "village_id", "year", "status", "snapshot", "snapshot_hash", "result", "created_by", "created_at", "approved_by", "approved_at", "resolution_ref", "meeting", "posted_by", "posted_at", "posted_head_seq", "posted_head_hash", "merkle_root", "reversed_by", "reversed_at", "reverse_reason", "posted_year_key", "payout_count") SELECT "id", "village_id", "year", "status", "snapshot", "snapshot_hash", "result", "created_by", "created_at", "approved_by", "approved_at", "resolution_ref", "meeting", "posted_by", "posted_at", "posted_head_seq", "posted_head_hash", "merkle_root", "reversed_by", "reversed_at", "reverse_reason", "posted_year_key", "payout_count" FROM "dividend_runs"`);
    await queryRunner.query(`DROP TABLE "dividend_runs"`);
    await queryRunner.query(`ALTER TABLE "temporary_dividend_runs" RENAME TO "dividend_runs"`);
    await queryRunner.query(`CREATE INDEX "IDX_06aee2793f17529f9eb5da5a6b" ON "dividend_runs" ("village_id", "year") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_06aee2793f17529f9eb5da5a6b"`);
    await queryRunner.query(`ALTER TABLE "dividend_runs" RENAME TO "temporary_dividend_runs"`);
    await queryRunner.query(`CREATE TABLE "dividend_runs" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "year" integer NOT NULL, "status" varchar(16) NOT NULL, "snapshot" text NOT NULL, "snapshot_hash" varchar(64) NOT NULL, "result" text NOT NULL, "created_by" varchar(36) NOT NULL, "created_at" varchar(32) NOT NULL, "approved_by" varchar(36), "approved_at" varchar(32), "resolution_ref" varchar(64), "meeting" text, "posted_by" varchar(36), "posted_at" varchar(32), "posted_head_seq" integer, "posted_head_hash" varchar(64), "merkle_root" varchar(64), "reversed_by" varchar(36), "reversed_at" varchar(32), "reverse_reason" text, "posted_year_key" varchar(48), "payout_count" integer, CONSTRAINT "UQ_5dd22bc443ba9be0b3831894d3d" UNIQUE ("posted_year_key"))`);
    await queryRunner.query(`INSERT INTO "dividend_runs"("id", "village_id", "year", "status", "snapshot", "snapshot_hash", "result", "created_by", "created_at", "approved_by", "approved_at", "resolution_ref", "meeting", "posted_by", "posted_at", "posted_head_seq", "posted_head_hash", "merkle_root", "reversed_by", "reversed_at", "reverse_reason", "posted_year_key", "payout_count") SELECT "id", "village_id", "year", "status", "snapshot", "snapshot_hash", "result", "created_by", "created_at", "approved_by", "approved_at", "resolution_ref", "meeting", "posted_by", "posted_at", "posted_head_seq", "posted_head_hash", "merkle_root", "reversed_by", "reversed_at", "reverse_reason", "posted_year_key", "payout_count" FROM "temporary_dividend_runs"`);
    await queryRunner.query(`DROP TABLE "temporary_dividend_runs"`);
    await queryRunner.query(`CREATE INDEX "IDX_06aee2793f17529f9eb5da5a6b" ON "dividend_runs" ("village_id", "year") `);
    await queryRunner.query(`DROP INDEX "IDX_0097406136477b027e3778d748"`);
    await queryRunner.query(`DROP TABLE "plan_objections"`);
  }
}
