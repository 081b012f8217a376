import { describe, expect, it } from '@jest/globals';
import { normalizeValue, planVillageTables, type TableInfo } from './village-tables.js';

const col = (name: string, type = 'varchar', primary = false) => ({ name, type, primary });
const table = (name: string, columns: string[], foreignKeys: TableInfo['foreignKeys'] = []): TableInfo => ({
  name,
  columns: [col('id', 'varchar', true), ...columns.map((c) => col(c))],
  foreignKeys,
});

describe('the tables of a village', () => {
  const schema = [
    table('villages', ['code']),
    table('users', ['username', 'household_id']),
    table('sessions', ['user_id']),
    table('households', ['village_id']),
    table(
      'members',
      ['household_id'],
      [{ columns: ['household_id'], referencedTable: 'households', referencedColumns: ['id'] }],
    ),
    table('journal_lines', ['entry_id']),
    table('journal_entries', ['village_id']),
    table('plan_notes', ['run_id']),
    table('dividend_runs', ['village_id']),
    table('audit_log', ['village_id']),
    table('mystery', ['thing_id']),
  ];

  it('takes tables with village_id, children by key or by a known parent column, parents first', () => {
    const { plan, unclassified } = planVillageTables(schema);
    expect(plan.map((t) => t.table)).toEqual([
      'villages',
      'dividend_runs',
      'households',
      'journal_entries',
      'journal_lines',
      'members',
      'plan_notes',
      'users',
    ]);
    expect(plan.find((t) => t.table === 'members')!.scope).toEqual({
      kind: 'parent',
      column: 'household_id',
      parent: 'households',
      parentColumn: 'id',
    });
    expect(plan.find((t) => t.table === 'users')!.scope).toEqual({ kind: 'users' });
    expect(unclassified).toEqual(['mystery']);
  });

  it('normalizes what either dialect returns', () => {
    expect([1, 0, true, false, 't', 'f'].map((v) => normalizeValue(v, 'boolean'))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(normalizeValue('9007199254740991', 'bigint')).toBe(9007199254740991);
    expect(() => normalizeValue('9007199254740993', 'bigint')).toThrow('integer out of range');
    expect(normalizeValue(null, 'integer')).toBeNull();
    expect(normalizeValue('文字', 'text')).toBe('文字');
  });
});
