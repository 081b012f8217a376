import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class AccountsAndSessions1796194048102 implements MigrationInterface {
  name = 'AccountsAndSessions1796194048102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sessions" ("id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, "expires_at" character varying(32) NOT NULL, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9cfe37d28c3b229a350e086d94" ON "sessions"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" character varying(80) NOT NULL, "failures" integer NOT NULL, "last_at" character varying(32) NOT NULL, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_e12eea5870fffc70872d20cf8e" ON "login_throttle"  ("last_at") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled"`);
    await queryRunner.query(`DROP INDEX "IDX_e12eea5870fffc70872d20cf8e"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP INDEX "IDX_9cfe37d28c3b229a350e086d94"`);
    await queryRunner.query(`DROP INDEX "IDX_085d540d9f418cfbdc7bd55bb1"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
  }
}
