import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated (schema part) for SQLite by src/database/generate-migration.ts. */
export class RegisterOverTime1796193046110 implements MigrationInterface {
  name = 'RegisterOverTime1796193046110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_9a388ad3b1ad7e313e6e28c97e"`);
    await queryRunner.query(`CREATE TABLE "temporary_households" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "code" varchar(32) NOT NULL, "head_name" varchar(64) NOT NULL, "tags" text NOT NULL, "created_at" varchar(32) NOT NULL, "head_member_id" varchar(36), CONSTRAINT "FK_338cd283ec8641442dd3bd0fadd" FOREIGN KEY ("village_id") REFERENCES "villages" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_households"("id", "village_id", "code", "head_name", "tags", "created_at") SELECT "id", "village_id", "code", "head_name", "tags", "created_at" FROM "households"`);
    await queryRunner.query(`DROP TABLE "households"`);
    await queryRunner.query(`ALTER TABLE "temporary_households" RENAME TO "households"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9a388ad3b1ad7e313e6e28c97e" ON "households" ("village_id", "code") `);
    await queryRunner.query(`DROP INDEX "IDX_7b55fb2fd7266a1bc75c75c69a"`);
    await queryRunner.query(`CREATE TABLE "temporary_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "household_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(64) NOT NULL, "relation" varchar(64) NOT NULL, "is_member" boolean NOT NULL, "status" varchar(16) NOT NULL, "status_date" varchar(10), "status_reason" varchar(32), "since" varchar(10), "since_reason" varchar(16), "until" varchar(10), "previous_member_id" varchar(36), CONSTRAINT "FK_415e47bfa95b7897c35bdca6421" FOREIGN KEY ("household_id") REFERENCES "households" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_members"("id", "household_id", "position", "name", "relation", "is_member", "status", "status_date") SELECT "id", "household_id", "position", "name", "relation", "is_member", "status", "status_date" FROM "members"`);
    await queryRunner.query(`DROP TABLE "members"`);
    await queryRunner.query(`ALTER TABLE "temporary_members" RENAME TO "members"`);
    await queryRunner.query(`CREATE INDEX "IDX_7b55fb2fd7266a1bc75c75c69a" ON "members" ("household_id", "position") `);
    await queryRunner.query(`DROP INDEX "IDX_b15bd7092a3de238795d2b96f8"`);
    await queryRunner.query(`CREATE TABLE "temporary_holdings" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "share_class_id" varchar(36) NOT NULL, "household_id" varchar(36), "external_holder" varchar(64), "quantity" varchar(24) NOT NULL, "capital_amount_fen" bigint NOT NULL DEFAULT (0), "created_at" varchar(32) NOT NULL, "date" varchar(10))`);
    await queryRunner.query(`INSERT INTO "temporary_holdings"("id", "village_id", "share_class_id", "household_id", "external_holder", "quantity", "capital_amount_fen", "created_at") SELECT "id", "village_id", "share_class_id", "household_id", "external_holder", "quantity", "capital_amount_fen", "created_at" FROM "holdings"`);
    await queryRunner.query(`DROP TABLE "holdings"`);
    await queryRunner.query(`ALTER TABLE "temporary_holdings" RENAME TO "holdings"`);
    await queryRunner.query(`CREATE INDEX "IDX_b15bd7092a3de238795d2b96f8" ON "holdings" ("village_id") `);
    // Data: members who died or moved out stop counting from their status date; the first member heads.
    await queryRunner.query(
      `UPDATE members SET until = COALESCE(status_date, '1900-01-01') WHERE status IN ('deceased', 'moved_out')`,
    );
    await queryRunner.query(
      `UPDATE households SET head_member_id = (SELECT m.id FROM members m WHERE m.household_id = households.id ORDER BY m.position LIMIT 1)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_b15bd7092a3de238795d2b96f8"`);
    await queryRunner.query(`ALTER TABLE "holdings" RENAME TO "temporary_holdings"`);
    await queryRunner.query(`CREATE TABLE "holdings" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "share_class_id" varchar(36) NOT NULL, "household_id" varchar(36), "external_holder" varchar(64), "quantity" varchar(24) NOT NULL, "capital_amount_fen" bigint NOT NULL DEFAULT (0), "created_at" varchar(32) NOT NULL)`);
    await queryRunner.query(`INSERT INTO "holdings"("id", "village_id", "share_class_id", "household_id", "external_holder", "quantity", "capital_amount_fen", "created_at") SELECT "id", "village_id", "share_class_id", "household_id", "external_holder", "quantity", "capital_amount_fen", "created_at" FROM "temporary_holdings"`);
    await queryRunner.query(`DROP TABLE "temporary_holdings"`);
    await queryRunner.query(`CREATE INDEX "IDX_b15bd7092a3de238795d2b96f8" ON "holdings" ("village_id") `);
    await queryRunner.query(`DROP INDEX "IDX_7b55fb2fd7266a1bc75c75c69a"`);
    await queryRunner.query(`ALTER TABLE "members" RENAME TO "temporary_members"`);
    await queryRunner.query(`CREATE TABLE "members" ("id" varchar(36) PRIMARY KEY NOT NULL, "household_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(64) NOT NULL, "relation" varchar(64) NOT NULL, "is_member" boolean NOT NULL, "status" varchar(16) NOT NULL, "status_date" varchar(10), CONSTRAINT "FK_415e47bfa95b7897c35bdca6421" FOREIGN KEY ("household_id") REFERENCES "households" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "members"("id", "household_id", "position", "name", "relation", "is_member", "status", "status_date") SELECT "id", "household_id", "position", "name", "relation", "is_member", "status", "status_date" FROM "temporary_members"`);
    await queryRunner.query(`DROP TABLE "temporary_members"`);
    await queryRunner.query(`CREATE INDEX "IDX_7b55fb2fd7266a1bc75c75c69a" ON "members" ("household_id", "position") `);
    await queryRunner.query(`DROP INDEX "IDX_9a388ad3b1ad7e313e6e28c97e"`);
    await queryRunner.query(`ALTER TABLE "households" RENAME TO "temporary_households"`);
    await queryRunner.query(`CREATE TABLE "households" ("id" varchar(36) PRIMARY KEY NOT NULL, "village_id" varchar(36) NOT NULL, "code" varchar(32) NOT NULL, "head_name" varchar(64) NOT NULL, "tags" text NOT NULL, "created_at" varchar(32) NOT NULL, CONSTRAINT "FK_338cd283ec8641442dd3bd0fadd" FOREIGN KEY ("village_id") REFERENCES "villages" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "households"("id", "village_id", "code", "head_name", "tags", "created_at") SELECT "id", "village_id", "code", "head_name", "tags", "created_at" FROM "temporary_households"`);
    await queryRunner.query(`DROP TABLE "temporary_households"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9a388ad3b1ad7e313e6e28c97e" ON "households" ("village_id", "code") `);
  }
}
