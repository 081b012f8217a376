import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The holding a transfer created, so a holding's history includes the change that made it. */
export class HoldingChangeTarget1796200000000 implements MigrationInterface {
  name = 'HoldingChangeTarget1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holding_changes" ADD "to_holding_id" character varying(36)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holding_changes" DROP COLUMN "to_holding_id"`);
  }
}
