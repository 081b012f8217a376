import { describe, expect, it } from '@jest/globals';
import { AWAY_REASONS, JOIN_REASONS, MOVED_OUT_REASONS } from './household.entity.js';
import { REASON_LABELS } from './labels.js';
import { JOIN_CHANGES, MAX_CHANGE_ROWS, normalizeDate, parseMemberChanges } from './member-changes.js';

const EN = ['householdCode', 'memberName', 'change', 'date', 'reason', 'relation'];
const ZH = ['户编号', '姓名', '变动', '日期', '原因', '与户主关系'];

describe('parseMemberChanges', () => {
  it('reads English and Chinese headers and words into the register codes, in row order', () => {
    const rows = [
      ['H01', '张小宝', '出生', '2025-07-01', '', '孙子'],
      ['H01', '张三', '死亡', '2025/6/10', '', ''],
      ['H02', '李四', '迁出', '2025年9月9日', '婚出', ''],
      ['H02', '李五', '外出', '2025.03.01', '服兵役', '子女'],
      ['', '', '', '', '', ''],
      ['H03', '王芳', 'marriage_in', '2025-05-01', '', '儿媳'],
    ];
    const zh = parseMemberChanges(ZH, rows);
    const en = parseMemberChanges(['\uFEFFhouseholdCode', ...EN.slice(1)], rows);
    expect(zh.errors).toEqual([]);
    expect(en).toEqual(zh);
    expect(zh.changes).toEqual([
      {
        row: 2,
        householdCode: 'H01',
        memberName: '张小宝',
        change: 'birth',
        date: '2025-07-01',
        reason: null,
        relation: '孙子',
        isMember: null,
      },
      {
        row: 3,
        householdCode: 'H01',
        memberName: '张三',
        change: 'deceased',
        date: '2025-06-10',
        reason: null,
        relation: null,
        isMember: null,
      },
      {
        row: 4,
        householdCode: 'H02',
        memberName: '李四',
        change: 'moved_out',
        date: '2025-09-09',
        reason: 'marriage_out',
        relation: null,
        isMember: null,
      },
      {
        row: 5,
        householdCode: 'H02',
        memberName: '李五',
        change: 'away',
        date: '2025-03-01',
        reason: 'army',
        relation: '子女',
        isMember: null,
      },
      {
        row: 7,
        householdCode: 'H03',
        memberName: '王芳',
        change: 'marriage_in',
        date: '2025-05-01',
        reason: null,
        relation: '儿媳',
        isMember: null,
      },
    ]);
  });

  it('names every bad row and field, and returns no changes when any row is bad', () => {
    const result = parseMemberChanges(
      [...ZH, '是否成员', '备注'],
      [
        ['H01', '张小宝', '出生', '2025-07-01', '', '', '', ''],
        ['H 1', '', '复活', '2025-02-30', '病故', '', '', '随便'],
        ['H01', '赵六', '出生', '2025-01-01', '其他', '子', '也许', ''],
        ['H01', '钱七', '死亡', '2025-01-01', '', '', '否', ''],
        ['H01', '孙八', '回迁', '2025-01-01', '', '子', '否', ''],
      ],
    );
    expect(result.changes).toEqual([]);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'relation'],
      [3, 'householdCode'],
      [3, 'memberName'],
      [3, 'change'],
      [3, 'date'],
      [3, 'reason'],
      [4, 'isMember'],
      [4, 'reason'],
      [5, 'isMember'],
    ]);
  });

  it('refuses a sheet without the required columns, without rows, or with too many rows', () => {
    expect(parseMemberChanges(['户编号', '姓名'], [['H01', 'x']]).errors).toEqual([
      { row: 1, field: 'change', message: '缺少列 change / missing column change' },
      { row: 1, field: 'date', message: '缺少列 date / missing column date' },
    ]);
    expect(parseMemberChanges(ZH, [['', '', '', '', '', '']]).errors).toEqual([
      { row: 0, field: 'file', message: '文件没有数据行 / the file has no data rows' },
    ]);
    const many = Array.from({ length: MAX_CHANGE_ROWS + 1 }, () => ['H01', 'x', '出生', '2025-01-01', '', '子']);
    expect(parseMemberChanges(ZH, many).errors.map((e) => e.field)).toEqual(['file']);
  });

  it('leaves the rules to the register: a reason that does not fit the status still parses', () => {
    const result = parseMemberChanges(ZH, [['H01', '张三', '外出', '2025-01-01', '婚出', '']]);
    expect(result.changes.map((c) => [c.change, c.reason])).toEqual([['away', 'marriage_out']]);
  });

  it('knows the same words as the register and the export', () => {
    expect([...JOIN_CHANGES]).toEqual([...JOIN_REASONS]);
    for (const reason of [...AWAY_REASONS, ...MOVED_OUT_REASONS]) {
      const row = parseMemberChanges(ZH, [['H01', 'x', '迁出', '2025-01-01', REASON_LABELS[reason], '']]);
      expect(row.changes[0]?.reason).toBe(reason);
    }
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2025-03-01', '2025-03-01'],
    ['2025/3/1', '2025-03-01'],
    ['2025.12.31', '2025-12-31'],
    ['2024年2月29日', '2024-02-29'],
    ['2025年2月29日', null],
    ['2025-13-01', null],
    ['01/03/2025', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });
});
