import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class ScorePublicityRounds1796195415728 implements MigrationInterface {
  name = 'ScorePublicityRounds1796195415728';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_3bead691e44d463d2fffd93786"`);
    await queryRunner.query(`ALTER TABLE "score_publicity" ADD "round" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "score_publicity" ADD "created_at" character varying(32)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fa5f0d7be86e2e1901ed460937" ON "score_publicity"  ("village_id", "year", "round") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_fa5f0d7be86e2e1901ed460937"`);
    await queryRunner.query(`ALTER TABLE "score_publicity" DROP COLUMN "created_at"`);
    await queryRunner.query(`ALTER TABLE "score_publicity" DROP COLUMN "round"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3bead691e44d463d2fffd93786" ON "score_publicity" USING btree ("village_id", "year") `);
  }
}
