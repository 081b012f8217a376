import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class MemberRelationLength1795503705105 implements MigrationInterface {
  name = 'MemberRelationLength1795503705105';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "relation"`);
    await queryRunner.query(`ALTER TABLE "members" ADD "relation" character varying(64) NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "relation"`);
    await queryRunner.query(`ALTER TABLE "members" ADD "relation" character varying(32) NOT NULL`);
  }
}
