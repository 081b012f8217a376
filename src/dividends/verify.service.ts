import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { fenToYuan } from '../common/money.js';
import { normalizeVerificationCode } from '../common/verification-code.js';
import { DividendsRepository } from './dividends.repository.js';

/** Masks a head's name for public display: the second character hidden (孟和阿古拉 → 孟*阿古拉, 王建国 → 王*国). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return `${chars[0]}*${chars.slice(2).join('')}`;
}

type Verified = Awaited<ReturnType<VerifyService['lookup']>>;

/**
 * Public verification of a payout code (no login). A posted payout never changes, so answers are kept
 * for a minute (at most 20,000 codes); reversing a run clears them at once.
 */
@Injectable()
export class VerifyService {
  private readonly cache = new Map<string, { at: number; value: Verified; body: string; bytes: number }>();
  private static readonly TTL_MS = 60_000;
  private static readonly MAX_ENTRIES = 20_000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DividendsRepository,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  /** The answer kept for this code, if any (no query), as the controller's JSON body and its length in bytes. */
  cachedBody(rawCode: string): { body: string; bytes: number } | undefined {
    const code = normalizeVerificationCode(rawCode);
    const hit = code === null ? undefined : this.cache.get(code);
    return hit && Date.now() - hit.at < VerifyService.TTL_MS ? hit : undefined;
  }

  async verify(rawCode: string) {
    const code = normalizeVerificationCode(rawCode);
    if (!code) throw notFound('verification code', '核验码');
    const now = Date.now();
    const hit = this.cache.get(code);
    if (hit && now - hit.at < VerifyService.TTL_MS) return hit.value;
    const value = await this.lookup(code);
    if (this.cache.size >= VerifyService.MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    const body = JSON.stringify(value);
    this.cache.set(code, { at: now, value, body, bytes: Buffer.byteLength(body) });
    return value;
  }

  /** One indexed join: the payout, its run (never the run's large snapshot or result), village and head. */
  private async lookup(code: string) {
    const row = await this.repository.verifiedPayout(this.dataSource.manager, code);
    if (!row) throw notFound('verification code', '核验码');
    if (row.status !== 'posted') throw notFound('verification code (run reversed)', '核验码（该分红已冲销）');
    return {
      valid: true,
      code,
      village: String(row.village_name),
      villageCode: String(row.village_code),
      year: Number(row.year),
      householdCode: String(row.household_code),
      headName: row.head_name === null ? null : maskName(String(row.head_name)),
      amount: fenToYuan(Number(row.amount_fen)),
      head: row.posted_head_hash === null ? null : String(row.posted_head_hash),
      headSeq: row.posted_head_seq === null ? null : Number(row.posted_head_seq),
      runId: String(row.run_id),
      merkleRoot: row.merkle_root === null ? null : String(row.merkle_root),
      leafIndex: Number(row.leaf_index),
      treeSize: Number(row.payout_count ?? 0),
      auditPath: row.audit_path ? String(row.audit_path).split(',') : [],
    };
  }
}
