import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, chainHash } from '../common/hash.js';
import { entryContentFromRow, entryHash } from '../ledger/journal.js';
import {
  type AuditRow,
  type LedgerEntryRow,
  type LedgerLineRow,
  AuditChainChecker,
  auditContentFromRow,
  checkAuditExtract,
  checkLedgerChain,
  linesByEntry,
} from './chains.js';

function ledger(n: number) {
  const entries: LedgerEntryRow[] = [];
  const lines: LedgerLineRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const id = `e${seq}`;
    const entryLines: LedgerLineRow[] = [
      {
        entry_id: id,
        line_no: 1,
        account_code: '101',
        household_id: null,
        debit_fen: String(seq * 100),
        credit_fen: 0,
        memo: null,
      },
      {
        entry_id: id,
        line_no: 2,
        account_code: '501',
        household_id: null,
        debit_fen: 0,
        credit_fen: seq * 100,
        memo: '收',
      },
    ];
    const row = {
      id,
      village_id: 'v',
      seq,
      date: '2026-03-01',
      year: 2026,
      voucher_no: `记-${seq}`,
      kind: 'income',
      category: '经营收入',
      source_code: null,
      distributable: seq % 2,
      memo: null,
      reverses_entry_id: null,
      run_id: null,
      created_by: 'u',
      created_at: '2026-03-01T00:00:00.000Z',
      prev_hash: prev,
      hash: '',
    };
    row.hash = entryHash(prev, entryContentFromRow(row), [...linesByEntry(entryLines).values()][0]);
    prev = row.hash;
    entries.push(row);
    lines.push(...entryLines);
  }
  return { entries, lines, head: prev };
}

describe('chain checks over raw rows', () => {
  it('verify a ledger whatever the row order and value types (0/1, BIGINT strings)', () => {
    const { entries, lines, head } = ledger(3);
    expect(checkLedgerChain([...entries].reverse(), linesByEntry([...lines].reverse()))).toEqual({
      ok: true,
      entries: 3,
      head: { seq: 3, hash: head },
    });
  });

  it('find the first entry that does not verify: a changed amount, a missing line, a gap', () => {
    const { entries, lines } = ledger(3);
    const changed = lines.map((l) => (l.entry_id === 'e2' && l.line_no === 2 ? { ...l, credit_fen: 201 } : l));
    expect(checkLedgerChain(entries, linesByEntry(changed)).firstBadSeq).toBe(2);
    expect(
      checkLedgerChain(entries, linesByEntry(lines.filter((l) => !(l.entry_id === 'e3' && l.line_no === 1))))
        .firstBadSeq,
    ).toBe(3);
    expect(checkLedgerChain([entries[0], entries[2]], linesByEntry(lines)).firstBadSeq).toBe(2);
  });

  it('verify the audit chain and a village extract of it', () => {
    const rows: AuditRow[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 4; seq++) {
      const row: AuditRow = {
        seq,
        at: '2026-03-01T00:00:00.000Z',
        actor_id: null,
        actor: 'a',
        role: null,
        action: 'x',
        target: null,
        village_id: seq % 2 ? 'v' : 'w',
        request_id: null,
        ip: null,
        summary: '{}',
        prev_hash: prev,
        hash: '',
      };
      row.hash = chainHash(prev, auditContentFromRow(row));
      prev = row.hash;
      rows.push(row);
    }
    const checker = new AuditChainChecker();
    checker.add(rows);
    expect(checker.result()).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: prev } });
    const village = rows.filter((r) => r.village_id === 'v');
    expect(checkAuditExtract(village)).toEqual({ ok: true });
    expect(checkAuditExtract([{ ...village[0], action: 'y' }, village[1]])).toEqual({ ok: false, firstBadSeq: 1 });
    const bad = new AuditChainChecker();
    bad.add([rows[0], rows[2]]);
    expect(bad.result()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
