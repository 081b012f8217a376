import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written for SQLite: ADD COLUMN keeps the table and with it the append-only triggers of
 * holding_changes (the generator's copy-and-rename would drop them).
 */
export class HoldingChangeTarget1796200000000 implements MigrationInterface {
  name = 'HoldingChangeTarget1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holding_changes" ADD COLUMN "to_holding_id" varchar(36)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holding_changes" DROP COLUMN "to_holding_id"`);
  }
}
