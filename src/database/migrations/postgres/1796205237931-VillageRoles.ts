import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class VillageRoles1796205237931 implements MigrationInterface {
  name = 'VillageRoles1796205237931';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_villages" ADD "role" character varying(16)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_villages" DROP COLUMN "role"`);
  }
}
