import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for PostgreSQL by src/database/generate-migration.ts. */
export class Initial1795499485258 implements MigrationInterface {
  name = 'Initial1795499485258';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("seq" integer NOT NULL, "at" character varying(32) NOT NULL, "actor_id" character varying(36), "actor" character varying(64) NOT NULL, "role" character varying(16), "action" character varying(64) NOT NULL, "target" character varying(200), "village_id" character varying(36), "request_id" character varying(64), "ip" character varying(64), "summary" text NOT NULL, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "IDX_69b629b6957896179fe6e350f1" ON "audit_log"  ("village_id", "seq") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" character varying(36) NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "household_id" character varying(36), "created_at" character varying(32) NOT NULL, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "user_villages" ("user_id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, CONSTRAINT "PK_80e267dc4b59b92b443f9f54350" PRIMARY KEY ("user_id", "village_id"))`);
    await queryRunner.query(`CREATE TABLE "dividend_runs" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "year" integer NOT NULL, "status" character varying(16) NOT NULL, "snapshot" text NOT NULL, "snapshot_hash" character varying(64) NOT NULL, "result" text NOT NULL, "created_by" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, "approved_by" character varying(36), "approved_at" character varying(32), "resolution_ref" character varying(64), "meeting" text, "posted_by" character varying(36), "posted_at" character varying(32), "posted_head_seq" integer, "posted_head_hash" character varying(64), "merkle_root" character varying(64), "reversed_by" character varying(36), "reversed_at" character varying(32), "reverse_reason" text, "posted_year_key" character varying(48), CONSTRAINT "UQ_5dd22bc443ba9be0b3831894d3d" UNIQUE ("posted_year_key"), CONSTRAINT "PK_680b79c51088c16a56d7244ed60" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_06aee2793f17529f9eb5da5a6b" ON "dividend_runs"  ("village_id", "year") `);
    await queryRunner.query(`CREATE TABLE "payouts" ("verification_code" character varying(24) NOT NULL, "run_id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "household_code" character varying(32) NOT NULL, "amount_fen" bigint NOT NULL, "leaf_index" integer NOT NULL, "leaf_hash" character varying(64) NOT NULL, "audit_path" text NOT NULL, CONSTRAINT "PK_fa4d6cad6311cf16dc80f8aad2a" PRIMARY KEY ("verification_code"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_43513e20772b0acc558909299b" ON "payouts"  ("run_id", "household_id") `);
    await queryRunner.query(`CREATE TABLE "payments" ("id" character varying(36) NOT NULL, "run_id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "amount_fen" bigint NOT NULL, "method" character varying(8) NOT NULL, "date" character varying(10) NOT NULL, "receipt_no" character varying(64) NOT NULL, "entry_id" character varying(36) NOT NULL, "paid_by" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_73b96f07a6d81b8ff8704d60c6" ON "payments"  ("run_id", "household_id") `);
    await queryRunner.query(`CREATE TABLE "villages" ("id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, "township" character varying(64), "charter" text NOT NULL, "created_at" character varying(32) NOT NULL, CONSTRAINT "UQ_e525e291a960d23fc475c2fb067" UNIQUE ("code"), CONSTRAINT "PK_3d9cf7c71c05c7ef684331317bd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "households" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "head_name" character varying(64) NOT NULL, "tags" text NOT NULL, "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9a388ad3b1ad7e313e6e28c97e" ON "households"  ("village_id", "code") `);
    await queryRunner.query(`CREATE TABLE "members" ("id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "position" integer NOT NULL, "name" character varying(64) NOT NULL, "relation" character varying(32) NOT NULL, "is_member" boolean NOT NULL, "status" character varying(16) NOT NULL, "status_date" character varying(10), CONSTRAINT "PK_28b53062261b996d9c99fa12404" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_7b55fb2fd7266a1bc75c75c69a" ON "members"  ("household_id", "position") `);
    await queryRunner.query(`CREATE TABLE "household_changes" ("id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "at" character varying(32) NOT NULL, "actor_id" character varying(36) NOT NULL, "action" character varying(32) NOT NULL, "change" text NOT NULL, CONSTRAINT "PK_a1ee6145deff6c5772fb8220a9b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_7030237bc216538dec936805f3" ON "household_changes"  ("household_id") `);
    await queryRunner.query(`CREATE TABLE "accounts" ("code" character varying(16) NOT NULL, "name" character varying(64) NOT NULL, "type" character varying(16) NOT NULL, "normal_side" character varying(8) NOT NULL, CONSTRAINT "PK_490319656e54a7957dc1fed027c" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "journal_entries" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "seq" integer NOT NULL, "date" character varying(10) NOT NULL, "year" integer NOT NULL, "voucher_no" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "category" character varying(16), "source_code" character varying(32), "distributable" boolean NOT NULL DEFAULT true, "memo" text, "reverses_entry_id" character varying(36), "run_id" character varying(36), "created_by" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "UQ_7949bc8795e39bd522296be195d" UNIQUE ("reverses_entry_id"), CONSTRAINT "PK_a70368e64230434457c8d007ab3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_20d98ec2f0acf52033571fd989" ON "journal_entries"  ("village_id", "date") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fb452193db0eab1d487ce010de" ON "journal_entries"  ("village_id", "year", "voucher_no") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d4604a1a515649b30aa589c518" ON "journal_entries"  ("village_id", "seq") `);
    await queryRunner.query(`CREATE TABLE "journal_lines" ("entry_id" character varying(36) NOT NULL, "line_no" integer NOT NULL, "account_code" character varying(16) NOT NULL, "household_id" character varying(36), "debit_fen" bigint NOT NULL, "credit_fen" bigint NOT NULL, "memo" character varying(200), CONSTRAINT "PK_be32fa9f81d50998f31e6e45022" PRIMARY KEY ("entry_id", "line_no"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9ee5939e107ca92f532a42cbe0" ON "journal_lines"  ("account_code") `);
    await queryRunner.query(`CREATE TABLE "income_sources" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, CONSTRAINT "PK_5e2bc8bfe0ee6a3e4726bdf0d79" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e76e28b30bb74e6a58858a9bd8" ON "income_sources"  ("village_id", "code") `);
    await queryRunner.query(`CREATE TABLE "year_closes" ("village_id" character varying(36) NOT NULL, "year" integer NOT NULL, "entry_id" character varying(36), "closed_by" character varying(36) NOT NULL, "closed_at" character varying(32) NOT NULL, CONSTRAINT "PK_6837a5e6281a91a285b9bb4e5c3" PRIMARY KEY ("village_id", "year"))`);
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("user_id" character varying(36) NOT NULL, "key" character varying(128) NOT NULL, "route" character varying(300) NOT NULL, "body_hash" character varying(64) NOT NULL, "status_code" integer NOT NULL, "response" text NOT NULL, "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`);
    await queryRunner.query(`CREATE TABLE "score_rulesets" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "year" integer NOT NULL, "base_score" integer NOT NULL, "created_by" character varying(36) NOT NULL, "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_a6fe845e4146781edc55d96d69a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_89a25e77c38a8fa3f49599d681" ON "score_rulesets"  ("village_id", "year") `);
    await queryRunner.query(`CREATE TABLE "score_rules" ("id" character varying(36) NOT NULL, "ruleset_id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, "category" character varying(32) NOT NULL, "min_points" integer NOT NULL, "max_points" integer NOT NULL, "cap_per_year" integer, CONSTRAINT "PK_b7968cc11dcdaa5f2de8a3eef83" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_748c3d7e7de309370e89789dce" ON "score_rules"  ("ruleset_id", "code") `);
    await queryRunner.query(`CREATE TABLE "score_events" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "household_id" character varying(36) NOT NULL, "year" integer NOT NULL, "rule_code" character varying(32) NOT NULL, "points" integer NOT NULL, "date" character varying(10) NOT NULL, "evidence" text NOT NULL, "attachment_ref" character varying(200), "status" character varying(16) NOT NULL, "recorded_by" character varying(36) NOT NULL, "decided_by" character varying(36), "decided_at" character varying(32), "decision_reason" text, "voids_event_id" character varying(36), "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_1b2270cf7ddc638ef13a1424da1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_37ff5065a77c44921af85654af" ON "score_events"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_02ed8a415a31eefeec69413251" ON "score_events"  ("village_id", "year", "status") `);
    await queryRunner.query(`CREATE TABLE "score_objections" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "year" integer NOT NULL, "event_id" character varying(36) NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL, "raised_by" character varying(36) NOT NULL, "raised_at" character varying(32) NOT NULL, "decided_by" character varying(36), "decision_reason" text, CONSTRAINT "PK_f6873d79ed161ac29c12355a010" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_acb2a6c5490914d9e0c3fefef5" ON "score_objections"  ("village_id", "year") `);
    await queryRunner.query(`CREATE TABLE "score_publicity" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "year" integer NOT NULL, "start_date" character varying(10) NOT NULL, "end_date" character varying(10) NOT NULL, "created_by" character varying(36) NOT NULL, CONSTRAINT "PK_bbedc3cf9c9155375825036edb4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3bead691e44d463d2fffd93786" ON "score_publicity"  ("village_id", "year") `);
    await queryRunner.query(`CREATE TABLE "share_classes" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, "kind" character varying(8) NOT NULL, "guaranteed_rate" character varying(16), CONSTRAINT "PK_09005229fee38b8d488d398840e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_31f38c90e05d551f4090a8a5a5" ON "share_classes"  ("village_id", "code") `);
    await queryRunner.query(`CREATE TABLE "holdings" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "share_class_id" character varying(36) NOT NULL, "household_id" character varying(36), "external_holder" character varying(64), "quantity" character varying(24) NOT NULL, "capital_amount_fen" bigint NOT NULL DEFAULT '0', "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_df4e42f95014be15a4ccc8547c0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_b15bd7092a3de238795d2b96f8" ON "holdings"  ("village_id") `);
    await queryRunner.query(`CREATE TABLE "holding_changes" ("id" character varying(36) NOT NULL, "village_id" character varying(36) NOT NULL, "holding_id" character varying(36) NOT NULL, "kind" character varying(16) NOT NULL, "date" character varying(10) NOT NULL, "from_household_id" character varying(36), "to_household_id" character varying(36), "quantity" character varying(24) NOT NULL, "actor_id" character varying(36) NOT NULL, "at" character varying(32) NOT NULL, CONSTRAINT "PK_3e0f0d79e76ea5094fa74d7a6ad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9a6475e47d39e9b993383ecfd0" ON "holding_changes"  ("village_id") `);
    await queryRunner.query(`ALTER TABLE "households" ADD CONSTRAINT "FK_338cd283ec8641442dd3bd0fadd" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "members" ADD CONSTRAINT "FK_415e47bfa95b7897c35bdca6421" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "journal_lines" ADD CONSTRAINT "FK_60c0a30917e02e8316dbdf763e0" FOREIGN KEY ("entry_id") REFERENCES "journal_entries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "FK_60c0a30917e02e8316dbdf763e0"`);
    await queryRunner.query(`ALTER TABLE "members" DROP CONSTRAINT "FK_415e47bfa95b7897c35bdca6421"`);
    await queryRunner.query(`ALTER TABLE "households" DROP CONSTRAINT "FK_338cd283ec8641442dd3bd0fadd"`);
    await queryRunner.query(`DROP INDEX "IDX_9a6475e47d39e9b993383ecfd0"`);
    await queryRunner.query(`DROP TABLE "holding_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_b15bd7092a3de238795d2b96f8"`);
    await queryRunner.query(`DROP TABLE "holdings"`);
    await queryRunner.query(`DROP INDEX "IDX_31f38c90e05d551f4090a8a5a5"`);
    await queryRunner.query(`DROP TABLE "share_classes"`);
    await queryRunner.query(`DROP INDEX "IDX_3bead691e44d463d2fffd93786"`);
    await queryRunner.query(`DROP TABLE "score_publicity"`);
    await queryRunner.query(`DROP INDEX "IDX_acb2a6c5490914d9e0c3fefef5"`);
    await queryRunner.query(`DROP TABLE "score_objections"`);
    await queryRunner.query(`DROP INDEX "IDX_02ed8a415a31eefeec69413251"`);
    await queryRunner.query(`DROP INDEX "IDX_37ff5065a77c44921af85654af"`);
    await queryRunner.query(`DROP TABLE "score_events"`);
    await queryRunner.query(`DROP INDEX "IDX_748c3d7e7de309370e89789dce"`);
    await queryRunner.query(`DROP TABLE "score_rules"`);
    await queryRunner.query(`DROP INDEX "IDX_89a25e77c38a8fa3f49599d681"`);
    await queryRunner.query(`DROP TABLE "score_rulesets"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TABLE "year_closes"`);
    await queryRunner.query(`DROP INDEX "IDX_e76e28b30bb74e6a58858a9bd8"`);
    await queryRunner.query(`DROP TABLE "income_sources"`);
    await queryRunner.query(`DROP INDEX "IDX_9ee5939e107ca92f532a42cbe0"`);
    await queryRunner.query(`DROP TABLE "journal_lines"`);
    await queryRunner.query(`DROP INDEX "IDX_d4604a1a515649b30aa589c518"`);
    await queryRunner.query(`DROP INDEX "IDX_fb452193db0eab1d487ce010de"`);
    await queryRunner.query(`DROP INDEX "IDX_20d98ec2f0acf52033571fd989"`);
    await queryRunner.query(`DROP TABLE "journal_entries"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
    await queryRunner.query(`DROP INDEX "IDX_7030237bc216538dec936805f3"`);
    await queryRunner.query(`DROP TABLE "household_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_7b55fb2fd7266a1bc75c75c69a"`);
    await queryRunner.query(`DROP TABLE "members"`);
    await queryRunner.query(`DROP INDEX "IDX_9a388ad3b1ad7e313e6e28c97e"`);
    await queryRunner.query(`DROP TABLE "households"`);
    await queryRunner.query(`DROP TABLE "villages"`);
    await queryRunner.query(`DROP INDEX "IDX_73b96f07a6d81b8ff8704d60c6"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP INDEX "IDX_43513e20772b0acc558909299b"`);
    await queryRunner.query(`DROP TABLE "payouts"`);
    await queryRunner.query(`DROP INDEX "IDX_06aee2793f17529f9eb5da5a6b"`);
    await queryRunner.query(`DROP TABLE "dividend_runs"`);
    await queryRunner.query(`DROP TABLE "user_villages"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "IDX_69b629b6957896179fe6e350f1"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
