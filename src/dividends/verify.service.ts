import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { fenToYuan } from '../common/money.js';
import { normalizeVerificationCode } from '../common/verification-code.js';
import { Household } from '../households/household.entity.js';
import { Village } from '../villages/village.entity.js';
import { DividendRun, Payout } from './dividend.entity.js';

/** Masks a head's name for public display: 孟阿古拉 → 孟*阿古拉? keep first and last: 孟**拉. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Public verification of a payout code (no login). */
@Injectable()
export class VerifyService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(rawCode: string) {
    const code = normalizeVerificationCode(rawCode);
    const unknown = notFound('verification code', '核验码');
    if (!code) throw unknown;
    const payout = await this.dataSource.getRepository(Payout).findOneBy({ verificationCode: code });
    if (!payout) throw unknown;
    // Only the columns needed: a run's snapshot and result can be megabytes.
    const run = await this.dataSource.getRepository(DividendRun).findOne({
      select: { id: true, villageId: true, year: true, status: true, postedHeadHash: true, postedHeadSeq: true, merkleRoot: true, payoutCount: true },
      where: { id: payout.runId },
    });
    if (!run || run.status !== 'posted') throw notFound('verification code (run reversed)', '核验码（该分红已冲销）');
    const village = (await this.dataSource.getRepository(Village).findOne({ select: { name: true, code: true }, where: { id: run.villageId } }))!;
    const household = await this.dataSource.getRepository(Household).findOne({ select: { headName: true }, where: { id: payout.householdId } });
    return {
      valid: true,
      code,
      village: village.name,
      villageCode: village.code,
      year: run.year,
      householdCode: payout.householdCode,
      headName: household ? maskName(household.headName) : null,
      amount: fenToYuan(payout.amountFen),
      head: run.postedHeadHash,
      headSeq: run.postedHeadSeq,
      runId: run.id,
      merkleRoot: run.merkleRoot,
      leafIndex: payout.leafIndex,
      treeSize: run.payoutCount ?? 0,
      auditPath: payout.auditPath ? payout.auditPath.split(',') : [],
    };
  }
}
