import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for SQLite by src/database/generate-migration.ts. */
export class MemberRelationLength1795503705105 implements MigrationInterface {
  name = 'MemberRelationLength1795503705105';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7b55fb2fd7266a1bc75c75c69a"`);
    await queryRunner.query(`CREATE TABLE "temporary_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "household_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(64) NOT NULL, "relation" varchar(64) NOT NULL, "is_member" boolean NOT NULL, "status" varchar(16) NOT NULL, "status_date" varchar(10), CONSTRAINT "FK_415e47bfa95b7897c35bdca6421" FOREIGN KEY ("household_id") REFERENCES "households" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_members"("id", "household_id", "position", "name", "relation", "is_member", "status", "status_date") SELECT "id", "household_id", "position", "name", "relation", "is_member", "status", "status_date" FROM "members"`);
    await queryRunner.query(`DROP TABLE "members"`);
    await queryRunner.query(`ALTER TABLE "temporary_members" RENAME TO "members"`);
    await queryRunner.query(`CREATE INDEX "IDX_7b55fb2fd7266a1bc75c75c69a" ON "members" ("household_id", "position") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7b55fb2fd7266a1bc75c75c69a"`);
    await queryRunner.query(`ALTER TABLE "members" RENAME TO "temporary_members"`);
    await queryRunner.query(`CREATE TABLE "members" ("id" varchar(36) PRIMARY KEY NOT NULL, "household_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(64) NOT NULL, "relation" varchar(32) NOT NULL, "is_member" boolean NOT NULL, "status" varchar(16) NOT NULL, "status_date" varchar(10), CONSTRAINT "FK_415e47bfa95b7897c35bdca6421" FOREIGN KEY ("household_id") REFERENCES "households" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "members"("id", "household_id", "position", "name", "relation", "is_member", "status", "status_date") SELECT "id", "household_id", "position", "name", "relation", "is_member", "status", "status_date" FROM "temporary_members"`);
    await queryRunner.query(`DROP TABLE "temporary_members"`);
    await queryRunner.query(`CREATE INDEX "IDX_7b55fb2fd7266a1bc75c75c69a" ON "members" ("household_id", "position") `);
  }
}
