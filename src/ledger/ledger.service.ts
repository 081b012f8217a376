import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, IsNull, Not } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { GENESIS_HASH } from '../common/hash.js';
import { fenToYuan } from '../common/money.js';
import { type Pause, TransactionRunner } from '../database/transaction-runner.js';
import { Village } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import { ACCOUNT } from './accounts.js';
import { CLOSED_EACH_YEAR, type DailyCash, cashShortfall, netDebitFen, yearCloseLines } from './books.js';
import {
  type EntryContent,
  type EntryLines,
  type LineInput,
  entryHash,
  entryHashListed,
  lineFromRow,
  mirrorLines,
  unbalancedReason,
} from './journal.js';
import { LedgerRepository } from './ledger.repository.js';
import { Account, type EntryKind, JournalEntry, JournalLine, YearClose } from './ledger.entity.js';

export interface NewEntry {
  date: string;
  voucherNo?: string;
  kind: EntryKind;
  category?: string | null;
  sourceCode?: string | null;
  distributable?: boolean;
  memo?: string | null;
  reversesEntryId?: string | null;
  runId?: string | null;
  /** An array, or lines made on demand that can be walked again (a dividend run's, with `append`'s `pause`). */
  lines: EntryLines;
}

export interface Head {
  seq: number;
  hash: string;
  at: string | null;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head?: Head;
  firstBadSeq?: number;
  publishedHead?: { seq: number; hash: string; matches: boolean };
}

const VOUCHER_PREFIX: Record<EntryKind, string> = {
  income: '收',
  expense: '支',
  reversal: '冲',
  dividend: '分',
  payment: '付',
  close: '结',
  manual: '记',
  opening: '建',
  general: '转',
};

export function entryView(e: JournalEntry, lines: JournalLine[]) {
  return {
    id: e.id,
    villageId: e.villageId,
    seq: e.seq,
    date: e.date,
    voucherNo: e.voucherNo,
    kind: e.kind,
    category: e.category,
    sourceCode: e.sourceCode,
    distributable: e.distributable,
    memo: e.memo,
    reversesEntryId: e.reversesEntryId,
    runId: e.runId,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    prevHash: e.prevHash,
    hash: e.hash,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      accountCode: l.accountCode,
      householdId: l.householdId,
      debit: fenToYuan(l.debitFen),
      credit: fenToYuan(l.creditFen),
      memo: l.memo,
    })),
  };
}

/** The journal: append-only, hash-chained per village, verified at start and on demand. */
@Injectable()
export class LedgerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Ledger');
  private accounts: Set<string> | null = null;
  /** Villages whose chain failed verification: postings refused until it is repaired. */
  private readonly broken = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    private readonly repository: LedgerRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const villages = await this.dataSource.getRepository(Village).find({ select: { id: true, code: true } });
    for (const v of villages) {
      const result = await this.verifyChain(v.id);
      if (!result.ok) {
        this.logger.error(`Ledger of village ${v.code} is broken at seq ${result.firstBadSeq}: postings blocked`);
      }
    }
  }

  private async knownAccounts(manager: EntityManager): Promise<Set<string>> {
    this.accounts ??= new Set((await manager.getRepository(Account).find()).map((a) => a.code));
    return this.accounts;
  }

  async head(villageId: string, manager?: EntityManager): Promise<Head> {
    const last = await this.repository.lastEntry(manager ?? this.dataSource.manager, villageId);
    return last ? { seq: last.seq, hash: last.hash, at: last.createdAt } : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  async isYearClosed(manager: EntityManager, villageId: string, year: number): Promise<boolean> {
    return manager.getRepository(YearClose).existsBy({ villageId, year });
  }

  /**
   * Whether a posted dividend run has used the year (its corrections go to the open year). Read by entity
   * name, not by importing dividends/, which depends on the ledger: a run holds its posted-year key while posted.
   */
  private isYearDistributed(manager: EntityManager, villageId: string, year: number): Promise<boolean> {
    return manager
      .getRepository<{ villageId: string; year: number; postedYearKey: string | null }>('DividendRun')
      .exists({ where: { villageId, year, postedYearKey: Not(IsNull()) } });
  }

  /**
   * Appends one entry inside the caller's transaction (the caller holds the write queue). `pause`: a long
   * transaction's (TransactionRunner.runLong), awaited while a large entry's lines are hashed and inserted.
   */
  async append(
    manager: EntityManager,
    villageId: string,
    createdBy: string,
    input: NewEntry,
    pause?: Pause,
  ): Promise<JournalEntry> {
    const brokenAt = this.broken.get(villageId);
    if (brokenAt !== undefined) {
      throw new DomainError(
        'Unavailable',
        'LEDGER_BROKEN',
        `账本哈希链在第 ${brokenAt} 号凭证处断裂，已暂停记账，请联系审计人员`,
        `ledger chain broken at seq ${brokenAt}: postings are blocked`,
        { firstBadSeq: brokenAt },
      );
    }
    // One writer per village chain across server processes, held until commit (before the head is read).
    await this.tx.lockVillage(manager, villageId);
    const reason = unbalancedReason(input.lines, await this.knownAccounts(manager));
    if (reason) throw ruleViolation('ENTRY_UNBALANCED', reason, 'invalid journal entry');
    const year = Number(input.date.slice(0, 4));
    const state = await this.repository.appendState(manager, villageId, year, input.date);
    if (state.yearClosed) {
      throw ruleViolation('YEAR_CLOSED', `${year} 年已结账，不能再记账`, `year ${year} is closed`);
    }
    if (state.openingAfter !== null) {
      throw ruleViolation(
        'BEFORE_OPENING',
        `date: 本嘎查/村于 ${state.openingAfter} 建账，不能记在此之前的凭证`,
        `date: the books start with the opening balances of ${state.openingAfter}`,
        { openingDate: state.openingAfter },
      );
    }
    await this.assertCashCovers(manager, villageId, input);
    const head = state.head;
    const seq = head.seq + 1;
    const content: EntryContent = {
      id: randomUUID(),
      villageId,
      seq,
      date: input.date,
      voucherNo: input.voucherNo ?? `${VOUCHER_PREFIX[input.kind]}-${seq}`,
      kind: input.kind,
      category: input.category ?? null,
      sourceCode: input.sourceCode ?? null,
      distributable: input.distributable ?? true,
      memo: input.memo ?? null,
      reversesEntryId: input.reversesEntryId ?? null,
      runId: input.runId ?? null,
      createdBy,
      createdAt: this.clock.nowIso(),
    };
    if (await this.repository.voucherTaken(manager, villageId, year, content.voucherNo)) {
      throw conflict(
        'VOUCHER_TAKEN',
        `凭证号「${content.voucherNo}」在 ${year} 年已使用`,
        `voucher ${content.voucherNo} already used in ${year}`,
      );
    }
    const entry: JournalEntry = {
      ...content,
      kind: input.kind,
      year,
      prevHash: head.hash,
      hash: await chainHashOf(head.hash, content, input.lines, pause),
    };
    await this.repository.insertEntry(manager, entry, input.lines, pause);
    return entry;
  }

  /** DOMAIN "Paying out": cash never goes below what is in the till, on the entry's date or any later day. */
  private async assertCashCovers(manager: EntityManager, villageId: string, input: NewEntry): Promise<void> {
    const deltaFen = netDebitFen(input.lines, ACCOUNT.cash);
    if (deltaFen >= 0) return;
    const daily: DailyCash[] = await this.repository.dailyCash(manager, villageId, ACCOUNT.cash);
    const short = cashShortfall(daily, input.date, deltaFen);
    if (!short) return;
    const cashOnHand = fenToYuan(Math.max(short.availableFen, 0));
    const amount = fenToYuan(-deltaFen);
    throw ruleViolation(
      'CASH_INSUFFICIENT',
      `库存现金不足：${input.date} 可付现金 ${cashOnHand} 元，本笔需付现 ${amount} 元（现金不能为负，请先记现金收入或从银行提现）`,
      `not enough cash: ${cashOnHand} yuan on hand on ${input.date}, this entry pays out ${amount} yuan`,
      { cashOnHand, amount, date: input.date, details: { cashOnHand, amount, date: input.date } },
    );
  }

  async linesOf(entryId: string, manager?: EntityManager): Promise<JournalLine[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(JournalLine)
      .find({ where: { entryId }, order: { lineNo: 'ASC' } });
  }

  /** 红字冲销: a mirror entry that names the original and the reason; an entry is reversed once. */
  async reverseEntry(
    manager: EntityManager,
    actor: Actor,
    villageId: string,
    entryId: string,
    reason: string,
    options: { allowDividend?: boolean; runId?: string } = {},
  ) {
    const original = await manager.getRepository(JournalEntry).findOneBy({ id: entryId, villageId });
    if (!original) throw notFound('journal entry', '凭证');
    if (original.kind === 'reversal') {
      throw ruleViolation('REVERSE_REVERSAL', '冲销凭证不能再冲销', 'a reversing entry cannot itself be reversed');
    }
    if (original.kind === 'close') {
      throw ruleViolation('REVERSE_CLOSE', '结账凭证不能冲销', 'a closing entry cannot be reversed');
    }
    if (original.kind === 'opening') {
      throw ruleViolation(
        'REVERSE_OPENING',
        '建账凭证不能冲销，请用转账凭证更正期初余额',
        'the opening balances cannot be reversed: correct them with a general voucher',
      );
    }
    if (original.kind === 'dividend' && !options.allowDividend) {
      throw ruleViolation(
        'REVERSE_DIVIDEND',
        '分红凭证须通过冲销整个分红方案来更正',
        'reverse the dividend run as a whole instead',
      );
    }
    if (await manager.getRepository(JournalEntry).existsBy({ reversesEntryId: entryId })) {
      throw conflict(
        'ALREADY_REVERSED',
        `凭证 ${original.voucherNo} 已冲销过`,
        `entry ${original.voucherNo} is already reversed`,
      );
    }
    const date = await this.reversalDate(manager, villageId, original.date);
    const lines = mirrorLines(await this.linesOf(entryId, manager));
    const entry = await this.append(manager, villageId, actor.userId, {
      date,
      kind: 'reversal',
      category: original.category,
      sourceCode: original.sourceCode,
      distributable: original.distributable,
      memo: `冲销 ${original.voucherNo}：${reason}`,
      reversesEntryId: original.id,
      runId: options.runId ?? original.runId,
      lines,
    });
    await this.audit.record(manager, actor, {
      action: 'journal.reverse',
      target: original.id,
      villageId,
      summary: { reversal: entry.id, reason },
    });
    return entry;
  }

  /** Same year as the original while that year is open; the current year once it is closed or distributed. */
  private async reversalDate(manager: EntityManager, villageId: string, originalDate: string): Promise<string> {
    const year = Number(originalDate.slice(0, 4));
    const today = this.clock.todayIso();
    const thisYear = Number(today.slice(0, 4));
    const open =
      !(await this.isYearClosed(manager, villageId, year)) && !(await this.isYearDistributed(manager, villageId, year));
    if (!open || year === thisYear) return today;
    return year < thisYear ? `${year}-12-31` : originalDate;
  }

  reverse(actor: Actor, villageId: string, entryId: string, reason: string) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      const entry = await this.reverseEntry(manager, actor, villageId, entryId, reason);
      return entryView(entry, await this.linesOf(entry.id, manager));
    });
  }

  /** D for year Y: income minus expense of posted entries dated in Y, net of reversals; closing entries excluded. */
  async distributableFen(manager: EntityManager, villageId: string, year: number): Promise<number> {
    return this.repository.distributableFen(manager, villageId, year);
  }

  /** The year's posted entries that D is summed from (income and expense accounts), in seq order. */
  async distributableEntries(manager: EntityManager, villageId: string, year: number) {
    return this.repository.distributableEntries(manager, villageId, year);
  }

  /** Recomputes the village's chain page by page (bounded memory); optionally checks a published head. */
  async verifyChain(villageId: string, published?: { seq: number; hash: string }): Promise<VerifyResult> {
    const pageSize = 2000;
    let prev = GENESIS_HASH;
    let expected = 1;
    let publishedMatches: boolean | undefined;
    let lastAt: string | null = null;
    for (;;) {
      const manager = this.dataSource.manager;
      const entries = await this.repository.entriesFrom(manager, villageId, expected, pageSize);
      if (entries.length === 0) break;
      const rows = await this.repository.chainLines(
        manager,
        villageId,
        entries[0].seq,
        entries[entries.length - 1].seq,
      );
      const linesByEntry = new Map<string, LineInput[]>();
      for (const r of rows) {
        const list = linesByEntry.get(r.entry_id) ?? [];
        if (r.line_no !== list.length + 1) list.push({ accountCode: '#gap', debitFen: -1, creditFen: -1 });
        list.push(lineFromRow(r));
        linesByEntry.set(r.entry_id, list);
      }
      for (const e of entries) {
        const { year: _year, prevHash, hash, ...content } = e;
        const ok =
          e.seq === expected &&
          prevHash === prev &&
          Number(e.date.slice(0, 4)) === e.year &&
          entryHash(prev, content, linesByEntry.get(e.id) ?? []) === hash;
        if (!ok) return this.markBroken(villageId, expected - 1);
        if (published && e.seq === published.seq) publishedMatches = e.hash === published.hash;
        prev = hash;
        lastAt = e.createdAt;
        expected++;
      }
      if (entries.length < pageSize) break;
    }
    this.broken.delete(villageId);
    const count = expected - 1;
    const result: VerifyResult = { ok: true, entries: count, head: { seq: count, hash: prev, at: lastAt } };
    if (published) {
      const matches = publishedMatches ?? (published.seq === 0 && published.hash === GENESIS_HASH);
      result.publishedHead = { ...published, matches };
      if (!matches) {
        result.ok = false;
        result.firstBadSeq = Math.min(published.seq, count + 1);
      }
    }
    return result;
  }

  private markBroken(villageId: string, goodEntries: number): VerifyResult {
    const firstBadSeq = goodEntries + 1;
    this.broken.set(villageId, firstBadSeq);
    return { ok: false, firstBadSeq, entries: goodEntries };
  }

  /** The HTTP answer: `head` is the head's hash (as in a run's `head` and /api/verify), `headSeq` its seq. */
  async verify(actor: Actor, villageId: string, published?: { seq: number; hash: string }) {
    await this.access.village(actor, villageId);
    const result = await this.verifyChain(villageId, published);
    const publishedHead = result.publishedHead ? { publishedHead: result.publishedHead } : {};
    if (!result.ok) return { ok: false, firstBadSeq: result.firstBadSeq, entries: result.entries, ...publishedHead };
    return {
      ok: true,
      entries: result.entries,
      head: result.head!.hash,
      headSeq: result.head!.seq,
      headAt: result.head!.at,
      ...publishedHead,
    };
  }

  /** 结账: income and expenses into 本年收益, then 本年收益 and 各项分配 into 未分配收益; the year is locked. */
  closeYear(actor: Actor, villageId: string, year: number) {
    return this.tx.run(async (manager) => {
      await this.access.village(actor, villageId, manager);
      if (await this.isYearClosed(manager, villageId, year)) {
        throw conflict('YEAR_ALREADY_CLOSED', `${year} 年已结账`, `year ${year} is already closed`);
      }
      if (year > Number(this.clock.todayIso().slice(0, 4))) {
        throw ruleViolation('YEAR_IN_FUTURE', `${year} 年尚未开始，不能结账`, `year ${year} has not started`);
      }
      const balances = await this.repository.closedAccountsNet(manager, villageId, year, CLOSED_EACH_YEAR);
      const { lines, netIncomeFen } = yearCloseLines(balances);
      const entry =
        lines.length >= 2
          ? await this.append(manager, villageId, actor.userId, {
              date: `${year}-12-31`,
              kind: 'close',
              memo: `${year} 年结账：损益结转本年收益，本年收益、各项分配结转未分配收益`,
              lines,
            })
          : null;
      await manager.getRepository(YearClose).insert({
        villageId,
        year,
        entryId: entry?.id ?? null,
        closedBy: actor.userId,
        closedAt: this.clock.nowIso(),
      });
      const netIncome = fenToYuan(netIncomeFen);
      await this.audit.record(manager, actor, {
        action: 'year.close',
        target: `${year}`,
        villageId,
        summary: { year, netIncome, entryId: entry?.id ?? null },
      });
      return { villageId, year, closed: true, netIncome, entryId: entry?.id ?? null };
    });
  }

  assertPublishedHead(seq: unknown, hash: unknown): { seq: number; hash: string } | undefined {
    if (seq === undefined && hash === undefined) return undefined;
    const n = typeof seq === 'string' && /^\d{1,9}$/.test(seq) ? Number(seq) : NaN;
    if (!Number.isInteger(n) || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
      throw badInput(
        'BAD_HEAD',
        'seq/hash: 须同时给出凭证序号和64位十六进制哈希',
        'seq and hash must be given together: an integer and 64 hex characters',
      );
    }
    return { seq: n, hash };
  }
}

/** An entry's chain hash: at once for an array of lines; line by line, with pauses, for a long transaction's. */
function chainHashOf(
  prevHash: string,
  content: EntryContent,
  lines: EntryLines,
  pause?: Pause,
): string | Promise<string> {
  if (Array.isArray(lines) && !pause) return entryHash(prevHash, content, lines as LineInput[]);
  return entryHashListed(prevHash, content, lines, pause ?? (() => Promise.resolve()));
}
