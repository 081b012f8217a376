import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BACKFILL_PAYMENT_VILLAGE, GOODS_ACCOUNT_INSERT } from '../payments-personal-data.js';

/**
 * Generated for PostgreSQL by src/database/generate-migration.ts, with the backfill of payments.village_id
 * (the append-only trigger is held off for it) and the 库存物资 account added by hand.
 */
export class PaymentsPersonalData1796205487088 implements MigrationInterface {
  name = 'PaymentsPersonalData1796205487088';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "village_id" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "receivable_entry_id" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "goods" text`);
    await queryRunner.query(`ALTER TABLE "households" ADD "bank_name" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "households" ADD "bank_account_sealed" text`);
    await queryRunner.query(`ALTER TABLE "members" ADD "id_number_sealed" text`);
    await queryRunner.query(`ALTER TABLE "payments" DISABLE TRIGGER payments_append_only`);
    await queryRunner.query(BACKFILL_PAYMENT_VILLAGE);
    await queryRunner.query(`ALTER TABLE "payments" ENABLE TRIGGER payments_append_only`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3e38cff0fd3612adb2136d0da8" ON "payments"  ("village_id", "receipt_no") `,
    );
    await queryRunner.query(GOODS_ACCOUNT_INSERT);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_3e38cff0fd3612adb2136d0da8"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "id_number_sealed"`);
    await queryRunner.query(`ALTER TABLE "households" DROP COLUMN "bank_account_sealed"`);
    await queryRunner.query(`ALTER TABLE "households" DROP COLUMN "bank_name"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "goods"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "receivable_entry_id"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "village_id"`);
  }
}
