import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for SQLite by src/database/generate-migration.ts. */
export class ScorePublicityRounds1796195415728 implements MigrationInterface {
  name = 'ScorePublicityRounds1796195415728';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_3bead691e44d463d2fffd93786"`);
    await queryRunner.query(`CREATE TABLE "temporary_score_publicity" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "year" integer NOT NULL, "start_date" varchar(10) NOT NULL, "end_date" varchar(10) NOT NULL, "created_by" varchar(36) NOT NULL, "round" integer NOT NULL DEFAULT (1), "created_at" varchar(32))`);
    await queryRunner.query(`INSERT INTO "temporary_score_publicity"("id", "village_id", "year", "start_date", "end_date", "created_by") SELECT "id", "village_id", "year", "start_date", "end_date", "created_by" FROM "score_publicity"`);
    await queryRunner.query(`DROP TABLE "score_publicity"`);
    await queryRunner.query(`ALTER TABLE "temporary_score_publicity" RENAME TO "score_publicity"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fa5f0d7be86e2e1901ed460937" ON "score_publicity" ("village_id", "year", "round") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_fa5f0d7be86e2e1901ed460937"`);
    await queryRunner.query(`ALTER TABLE "score_publicity" RENAME TO "temporary_score_publicity"`);
    await queryRunner.query(`CREATE TABLE "score_publicity" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "year" integer NOT NULL, "start_date" varchar(10) NOT NULL, "end_date" varchar(10) NOT NULL, "created_by" varchar(36) NOT NULL)`);
    await queryRunner.query(`INSERT INTO "score_publicity"("id", "village_id", "year", "start_date", "end_date", "created_by") SELECT "id", "village_id", "year", "start_date", "end_date", "created_by" FROM "temporary_score_publicity"`);
    await queryRunner.query(`DROP TABLE "temporary_score_publicity"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3bead691e44d463d2fffd93786" ON "score_publicity" ("village_id", "year") `);
  }
}
