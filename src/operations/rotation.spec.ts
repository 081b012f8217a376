import { describe, expect, it } from '@jest/globals';
import { backupName, parseBackupName } from './backup-names.js';
import { backupsToDelete } from './rotation.js';

/** One scheduled copy a day at 02:00 Beijing time for `days` days back from 2026-06-15. */
function daily(days: number): string[] {
  return Array.from({ length: days }, (_, i) => backupName(new Date(Date.UTC(2026, 5, 15 - i, 18) - 24 * 3600_000)));
}

describe('backup names', () => {
  it('are Beijing wall-clock times and parse back', () => {
    const at = new Date('2026-06-15T16:30:05Z');
    expect(backupName(at)).toBe('ledger-2026-06-16_00-30-05.sqlite');
    expect(backupName(at, new Set(['ledger-2026-06-16_00-30-05.sqlite']))).toBe('ledger-2026-06-16_00-30-05-2.sqlite');
    expect(backupName(at, new Set(), 'pre-migration')).toBe('pre-migration-2026-06-16_00-30-05.sqlite');
    expect(parseBackupName('ledger-2026-06-16_00-30-05-2.sqlite')).toEqual({
      kind: 'ledger',
      date: '2026-06-16',
      at,
      n: 2,
    });
  });

  it('refuse anything else', () => {
    for (const name of [
      'ledger.sqlite',
      '../ledger-2026-06-16_00-30-05.sqlite',
      'ledger-2026-02-30_00-00-00.sqlite',
      'ledger-2026-06-16_24-00-00.sqlite',
    ]) {
      expect(parseBackupName(name)).toBeNull();
    }
  });
});

describe('rotation', () => {
  it('keeps everything while there are 30 days or fewer', () => {
    expect(backupsToDelete(daily(30), '2026-06-15')).toEqual([]);
  });

  it('keeps 30 daily copies, then the newest of each month up to 12 months', () => {
    const names = daily(400);
    const deleted = new Set(backupsToDelete(names, '2026-06-15'));
    const kept = names.filter((n) => !deleted.has(n)).map((n) => parseBackupName(n)!.date);
    // today's copy, then 30 days back to 2026-05-16
    expect(kept.slice(0, 31)).toEqual(names.slice(0, 31).map((n) => parseBackupName(n)!.date));
    // June's and May's newest copies are among the daily ones, so the monthly copies are
    // the last day of April 2026 back to July 2025 (12 months counting June and May).
    expect(kept.slice(31)).toEqual([
      '2026-04-30',
      '2026-03-31',
      '2026-02-28',
      '2026-01-31',
      '2025-12-31',
      '2025-11-30',
      '2025-10-31',
      '2025-09-30',
      '2025-08-31',
      '2025-07-31',
    ]);
    expect(deleted.size).toBe(400 - 41);
  });

  it('keeps every copy of today and only the newest of an earlier day; leaves other files alone', () => {
    const names = [
      'ledger-2026-06-15_09-00-00.sqlite',
      'ledger-2026-06-15_17-00-00.sqlite',
      'ledger-2026-06-14_09-00-00.sqlite',
      'ledger-2026-06-14_17-00-00.sqlite',
      'ledger-2026-06-14_17-00-00-2.sqlite',
      'pre-migration-2020-01-01_00-00-00.sqlite',
      'notes.txt',
      'ledger-2026-06-14_17-00-00.sqlite.json',
    ];
    expect(backupsToDelete(names, '2026-06-15')).toEqual([
      'ledger-2026-06-14_17-00-00.sqlite',
      'ledger-2026-06-14_09-00-00.sqlite',
    ]);
  });
});
