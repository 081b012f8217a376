import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for SQLite by src/database/generate-migration.ts. */
export class VillageRoles1796205237931 implements MigrationInterface {
  name = 'VillageRoles1796205237931';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "temporary_user_villages" ("user_id" varchar(36) NOT NULL, "village_id" varchar(36) NOT NULL, "role" varchar(16), PRIMARY KEY ("user_id", "village_id"))`);
    await queryRunner.query(`INSERT INTO "temporary_user_villages"("user_id", "village_id") SELECT "user_id", "village_id" FROM "user_villages"`);
    await queryRunner.query(`DROP TABLE "user_villages"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_villages" RENAME TO "user_villages"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_villages" RENAME TO "temporary_user_villages"`);
    await queryRunner.query(`CREATE TABLE "user_villages" ("user_id" varchar(36) NOT NULL, "village_id" varchar(36) NOT NULL, PRIMARY KEY ("user_id", "village_id"))`);
    await queryRunner.query(`INSERT INTO "user_villages"("user_id", "village_id") SELECT "user_id", "village_id" FROM "temporary_user_villages"`);
    await queryRunner.query(`DROP TABLE "temporary_user_villages"`);
  }
}
