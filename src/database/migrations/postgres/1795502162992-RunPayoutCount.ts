import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class RunPayoutCount1795502162992 implements MigrationInterface {
  name = 'RunPayoutCount1795502162992';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dividend_runs" ADD "payout_count" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dividend_runs" DROP COLUMN "payout_count"`);
  }
}
