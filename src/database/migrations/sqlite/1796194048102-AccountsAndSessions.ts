import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for SQLite by src/database/generate-migration.ts. */
export class AccountsAndSessions1796194048102 implements MigrationInterface {
  name = 'AccountsAndSessions1796194048102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "created_at" varchar(32) NOT NULL, "expires_at" varchar(32) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9cfe37d28c3b229a350e086d94" ON "sessions" ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" varchar(80) PRIMARY KEY NOT NULL, "failures" integer NOT NULL, "last_at" varchar(32) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_e12eea5870fffc70872d20cf8e" ON "login_throttle" ("last_at") `);
    await queryRunner.query(`CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "household_id" varchar(36), "created_at" varchar(32) NOT NULL, "disabled" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`);
    await queryRunner.query(`INSERT INTO "temporary_users"("id", "username", "password_hash", "role", "household_id", "created_at") SELECT "id", "username", "password_hash", "role", "household_id", "created_at" FROM "users"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "household_id" varchar(36), "created_at" varchar(32) NOT NULL, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`);
    await queryRunner.query(`INSERT INTO "users"("id", "username", "password_hash", "role", "household_id", "created_at") SELECT "id", "username", "password_hash", "role", "household_id", "created_at" FROM "temporary_users"`);
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`DROP INDEX "IDX_e12eea5870fffc70872d20cf8e"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP INDEX "IDX_9cfe37d28c3b229a350e086d94"`);
    await queryRunner.query(`DROP INDEX "IDX_085d540d9f418cfbdc7bd55bb1"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
  }
}
