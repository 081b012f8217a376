import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuditService } from '../../src/audit/audit.service.js';
import { LedgerService } from '../../src/ledger/ledger.service.js';
import { entryContentFromRow, entryHash, lineFromRow } from '../../src/ledger/journal.js';
import { Factory } from '../support/factories.js';
import { postedFlatRun } from '../support/run-builder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Changes made behind the product's back (triggers dropped, as someone with the file could), each inside a
 * transaction that is rolled back afterwards: verification must name the first altered seq, never "ok".
 */
describe('tamper evidence', () => {
  let t: TestApp;
  let v: string;
  let entries: { id: string; seq: number }[];
  let ledger: LedgerService;
  let published: { seq: number; hash: string };
  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    const r = await postedFlatRun(f, [3, 1, 2, 2, 1], '4500.00');
    v = r.v;
    for (let i = 0; i < 30; i++) await f.income(v, r.accountant.token, `${100 + i}.25`, { date: '2021-07-01' });
    await f.expense(v, r.accountant.token, '55.10');
    ledger = t.app.get(LedgerService);
    entries = await q('SELECT id, seq FROM journal_entries WHERE village_id = ? ORDER BY seq', [v]);
    published = await ledger.head(v);
    for (const table of ['journal_entries', 'journal_lines', 'audit_log']) {
      await q(`DROP TRIGGER ${table}_no_update`);
      await q(`DROP TRIGGER ${table}_no_delete`);
    }
  });
  afterAll(() => t.close());

  /** Verification as an auditor runs it: against the head published before the change. */
  async function tampered(change: () => Promise<void>): Promise<Awaited<ReturnType<LedgerService['verifyChain']>>> {
    await q('BEGIN');
    try {
      await change();
      return await ledger.verifyChain(v, published);
    } finally {
      await q('ROLLBACK');
    }
  }

  type Mutation = { name: string; seq: number; apply: () => Promise<void> };
  const mutations = (pick: number, kind: number, value: number): Mutation => {
    const e = entries[pick % entries.length];
    const other = entries[(pick + 1 + (value % (entries.length - 1))) % entries.length];
    const all: Mutation[] = [
      {
        name: 'amount',
        seq: e.seq,
        apply: () =>
          q(
            'UPDATE journal_lines SET debit_fen = debit_fen + ?, credit_fen = credit_fen + ? WHERE entry_id = ? AND line_no = 1',
            [value % 2 ? 1 : 0, value % 2 ? 0 : 1, e.id],
          ),
      },
      {
        name: 'date',
        seq: e.seq,
        apply: () => q("UPDATE journal_entries SET date = '2021-01-0' || ? WHERE id = ?", [1 + (value % 9), e.id]),
      },
      {
        name: 'account',
        seq: e.seq,
        apply: () =>
          q(
            "UPDATE journal_lines SET account_code = CASE account_code WHEN '102' THEN '101' ELSE '102' END WHERE entry_id = ? AND line_no = 1",
            [e.id],
          ),
      },
      {
        name: 'deleted line',
        seq: e.seq,
        apply: () =>
          q(
            'DELETE FROM journal_lines WHERE entry_id = ? AND line_no = (SELECT MAX(line_no) FROM journal_lines WHERE entry_id = ?)',
            [e.id, e.id],
          ),
      },
      {
        name: 'deleted entry',
        seq: e.seq,
        apply: async () => {
          await q('PRAGMA defer_foreign_keys = ON');
          await q('DELETE FROM journal_lines WHERE entry_id = ?', [e.id]);
          await q('DELETE FROM journal_entries WHERE id = ?', [e.id]);
        },
      },
      {
        name: 'swapped order',
        seq: Math.min(e.seq, other.seq),
        apply: async () => {
          await q('UPDATE journal_entries SET seq = -1 WHERE id = ?', [e.id]);
          await q('UPDATE journal_entries SET seq = ? WHERE id = ?', [e.seq, other.id]);
          await q('UPDATE journal_entries SET seq = ? WHERE id = ?', [other.seq, e.id]);
        },
      },
      {
        name: 'memo',
        seq: e.seq,
        apply: () => q("UPDATE journal_entries SET memo = COALESCE(memo, '') || '改' WHERE id = ?", [e.id]),
      },
      {
        name: 'voucher',
        seq: e.seq,
        apply: () => q("UPDATE journal_entries SET voucher_no = voucher_no || 'x' WHERE id = ?", [e.id]),
      },
      {
        name: 'household of a line',
        seq: e.seq,
        apply: () =>
          q(
            "UPDATE journal_lines SET household_id = COALESCE(household_id, 'x') || 'y' WHERE entry_id = ? AND line_no = 1",
            [e.id],
          ),
      },
      {
        name: 'extra line',
        seq: e.seq,
        apply: () =>
          q(
            "INSERT INTO journal_lines (entry_id, line_no, account_code, household_id, debit_fen, credit_fen) VALUES (?, 999, '102', NULL, 1, 0)",
            [e.id],
          ),
      },
      {
        name: 'hash',
        seq: e.seq,
        apply: () => q('UPDATE journal_entries SET hash = substr(hash, 2) || substr(hash, 1, 1) WHERE id = ?', [e.id]),
      },
      {
        name: 'prev hash',
        seq: e.seq,
        apply: () => q("UPDATE journal_entries SET prev_hash = '" + 'f'.repeat(64) + "' WHERE id = ?", [e.id]),
      },
    ];
    return all[kind % all.length];
  };

  it('finds the canary: a deliberately planted break, and reports ok for an untouched ledger', async () => {
    expect(await tampered(async () => {})).toMatchObject({ ok: true, entries: entries.length });
    expect(
      await tampered(() =>
        q('UPDATE journal_lines SET credit_fen = credit_fen + 100 WHERE entry_id = ? AND line_no = 2', [entries[4].id]),
      ),
    ).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('300 random single changes: each is detected at the first altered seq', async () => {
    let detected = 0;
    const byKind = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), async (pick, kind, value) => {
        const m = mutations(pick, kind, value);
        const result = await tampered(m.apply);
        expect({ kind: m.name, ok: result.ok, firstBadSeq: result.firstBadSeq }).toEqual({
          kind: m.name,
          ok: false,
          firstBadSeq: m.seq,
        });
        detected++;
        byKind.set(m.name, (byKind.get(m.name) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    expect(detected).toBe(300);
    console.log(`tamper: ${detected}/300 detected; by kind ${JSON.stringify(Object.fromEntries(byKind))}`);
  });

  /** Rewrites every hash after the change, as an attacker who knows the algorithm would. */
  async function rehashAll() {
    let prev = '0'.repeat(64);
    for (const row of await q('SELECT * FROM journal_entries WHERE village_id = ? ORDER BY seq', [v])) {
      const lines = (await q('SELECT * FROM journal_lines WHERE entry_id = ? ORDER BY line_no', [row.id])).map(
        lineFromRow,
      );
      const hash = entryHash(prev, entryContentFromRow(row), lines);
      await q('UPDATE journal_entries SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, row.id]);
      prev = hash;
    }
  }

  it('an attacker who recomputes every hash passes the chain check but not a published head', async () => {
    await q('BEGIN');
    try {
      await q('UPDATE journal_lines SET credit_fen = credit_fen + 1000 WHERE entry_id = ? AND line_no = 2', [
        entries[3].id,
      ]);
      await q('UPDATE journal_lines SET debit_fen = debit_fen + 1000 WHERE entry_id = ? AND line_no = 1', [
        entries[3].id,
      ]);
      await rehashAll();
      expect((await ledger.verifyChain(v)).ok).toBe(true);
      expect(await ledger.verifyChain(v, published)).toMatchObject({ ok: false, publishedHead: { matches: false } });
    } finally {
      await q('ROLLBACK');
    }
    expect((await ledger.verifyChain(v, published)).ok).toBe(true);
  });

  it('an altered audit record is found at its seq', async () => {
    const audit = t.app.get(AuditService);
    const [{ n }] = await q('SELECT COUNT(*) AS n FROM audit_log');
    for (const seq of [1, Math.floor(n / 2), n]) {
      await q('BEGIN');
      try {
        await q('UPDATE audit_log SET summary = \'{"forged":true}\' WHERE seq = ?', [seq]);
        expect(await audit.verify()).toMatchObject({ ok: false, firstBadSeq: seq });
      } finally {
        await q('ROLLBACK');
      }
    }
    expect((await audit.verify()).ok).toBe(true);
  });
});
