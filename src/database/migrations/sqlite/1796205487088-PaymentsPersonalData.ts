import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BACKFILL_PAYMENT_VILLAGE, GOODS_ACCOUNT_INSERT } from '../payments-personal-data.js';

/**
 * Hand-written for SQLite: ADD COLUMN keeps the tables (and the append-only triggers of payments, which the
 * generator's copy-and-rename would drop). Receipts become unique per village; earlier duplicates keep a
 * null village so the unique index can be built over what was already recorded.
 */
export class PaymentsPersonalData1796205487088 implements MigrationInterface {
  name = 'PaymentsPersonalData1796205487088';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD COLUMN "village_id" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "payments" ADD COLUMN "receivable_entry_id" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "payments" ADD COLUMN "goods" text`);
    await queryRunner.query(`ALTER TABLE "households" ADD COLUMN "bank_name" varchar(64)`);
    await queryRunner.query(`ALTER TABLE "households" ADD COLUMN "bank_account_sealed" text`);
    await queryRunner.query(`ALTER TABLE "members" ADD COLUMN "id_number_sealed" text`);
    await queryRunner.query(`DROP TRIGGER payments_no_update`);
    await queryRunner.query(BACKFILL_PAYMENT_VILLAGE);
    await queryRunner.query(
      `CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments ` +
        `BEGIN SELECT RAISE(ABORT, 'payments is append-only (只能追加，不能修改或删除)'); END`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3e38cff0fd3612adb2136d0da8" ON "payments" ("village_id", "receipt_no") `,
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
