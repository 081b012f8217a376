import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated (schema part) for PostgreSQL by src/database/generate-migration.ts. */
export class RegisterOverTime1796193046110 implements MigrationInterface {
  name = 'RegisterOverTime1796193046110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "households" ADD "head_member_id" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "members" ADD "status_reason" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "members" ADD "since" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "members" ADD "since_reason" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "members" ADD "until" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "members" ADD "previous_member_id" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "holdings" ADD "date" character varying(10)`);
    // Data: members who died or moved out stop counting from their status date; the first member heads.
    await queryRunner.query(
      `UPDATE members SET until = COALESCE(status_date, '1900-01-01') WHERE status IN ('deceased', 'moved_out')`,
    );
    await queryRunner.query(
      `UPDATE households SET head_member_id = (SELECT m.id FROM members m WHERE m.household_id = households.id ORDER BY m.position LIMIT 1)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holdings" DROP COLUMN "date"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "previous_member_id"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "until"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "since_reason"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "since"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "status_reason"`);
    await queryRunner.query(`ALTER TABLE "households" DROP COLUMN "head_member_id"`);
  }
}
