/**
 * A sheet of member changes (births, marriages, deaths, moves; one row per change) → typed rows, with every
 * row the sheet itself gets wrong reported by row and field. Pure: whether a change is allowed (dates
 * against the member's history, a second death, the reason fitting the status) is decided by the
 * register's own rules when the rows are applied.
 */
import { isIsoDate } from '../common/dates.js';
import { parseIsMember, type RowError } from './roster.js';

/** Joins start a member (CONTRACT: `POST …/members` reasons); the others are statuses (`PATCH …/members/:mid`). */
export const JOIN_CHANGES = ['birth', 'marriage_in', 'adoption', 'return', 'other'] as const;
export const STATUS_CHANGES = ['deceased', 'moved_out', 'away'] as const;
export type JoinChange = (typeof JOIN_CHANGES)[number];
export type StatusChange = (typeof STATUS_CHANGES)[number];
export type MemberChangeKind = JoinChange | StatusChange;

export interface MemberChangeRow {
  /** Row in the sheet (the header is row 1). */
  row: number;
  householdCode: string;
  memberName: string;
  change: MemberChangeKind;
  date: string;
  /** Status reason code (moved_out, away); null when the sheet gives none. */
  reason: string | null;
  /** Joins: the relation to the head (required). Statuses: optional, tells apart members of the same name. */
  relation: string | null;
  /** Joins only; null = not given (a member). */
  isMember: boolean | null;
}

const CHANGE_WORDS: Record<string, MemberChangeKind> = {
  birth: 'birth',
  出生: 'birth',
  marriage_in: 'marriage_in',
  婚入: 'marriage_in',
  adoption: 'adoption',
  收养: 'adoption',
  return: 'return',
  回迁: 'return',
  other: 'other',
  其他: 'other',
  deceased: 'deceased',
  死亡: 'deceased',
  moved_out: 'moved_out',
  迁出: 'moved_out',
  away: 'away',
  外出: 'away',
};

/** Reasons of moved_out and away (CONTRACT), in English or Chinese (the export's labels). */
const REASON_WORDS: Record<string, string> = {
  marriage_out: 'marriage_out',
  婚出: 'marriage_out',
  settled_elsewhere: 'settled_elsewhere',
  落户他处: 'settled_elsewhere',
  withdrew: 'withdrew',
  自愿退出: 'withdrew',
  study: 'study',
  上学: 'study',
  army: 'army',
  服兵役: 'army',
  work: 'work',
  务工: 'work',
  prison: 'prison',
  服刑: 'prison',
  other: 'other',
  其他: 'other',
};

type Field = 'householdCode' | 'memberName' | 'change' | 'date' | 'reason' | 'relation' | 'isMember';
const COLUMNS: Record<string, Field> = {
  householdcode: 'householdCode',
  户编号: 'householdCode',
  membername: 'memberName',
  姓名: 'memberName',
  成员姓名: 'memberName',
  change: 'change',
  变动: 'change',
  变动类型: 'change',
  date: 'date',
  日期: 'date',
  变动日期: 'date',
  reason: 'reason',
  原因: 'reason',
  relation: 'relation',
  与户主关系: 'relation',
  ismember: 'isMember',
  是否成员: 'isMember',
};
const REQUIRED: Field[] = ['householdCode', 'memberName', 'change', 'date'];

export const MAX_CHANGE_ROWS = 10_000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

export const isJoin = (change: MemberChangeKind): change is JoinChange =>
  (JOIN_CHANGES as readonly string[]).includes(change);

/** 2025-03-01, 2025/3/1, 2025.3.1 or 2025年3月1日 → 2025-03-01 when the date exists; otherwise null. */
export function normalizeDate(value: string): string | null {
  const m = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日?)$/.exec(value.trim());
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] ?? m[4]).padStart(2, '0')}-${(m[3] ?? m[5]).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const key = (header: string) =>
  String(header ?? '')
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase();

/** `rows` excludes the header; fully empty rows are skipped; columns the sheet adds (备注 …) are ignored. */
export function parseMemberChanges(
  header: string[],
  rows: string[][],
): { changes: MemberChangeRow[]; errors: RowError[] } {
  const fields = header.map((h) => COLUMNS[key(h)] ?? null);
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) {
    return {
      changes: [],
      errors: missing.map((f) => ({ row: 1, field: f, message: `缺少列 ${f} / missing column ${f}` })),
    };
  }
  if (rows.length > MAX_CHANGE_ROWS) {
    return {
      changes: [],
      errors: [{ row: 0, field: 'file', message: `最多 ${MAX_CHANGE_ROWS} 行 / at most ${MAX_CHANGE_ROWS} rows` }],
    };
  }
  const changes: MemberChangeRow[] = [];
  const errors: RowError[] = [];
  rows.forEach((cells, index) => {
    if (cells.every((c) => String(c ?? '').trim() === '')) return;
    const row = index + 2;
    const raw: Record<Field, string> = {
      householdCode: '',
      memberName: '',
      change: '',
      date: '',
      reason: '',
      relation: '',
      isMember: '',
    };
    fields.forEach((field, i) => {
      if (field) raw[field] = String(cells[i] ?? '').trim();
    });
    const rowErrors = checkRow(row, raw);
    if (rowErrors.errors.length) errors.push(...rowErrors.errors);
    else changes.push(rowErrors.change!);
  });
  if (!errors.length && changes.length === 0) {
    errors.push({ row: 0, field: 'file', message: '文件没有数据行 / the file has no data rows' });
  }
  return { changes: errors.length ? [] : changes, errors };
}

function checkRow(row: number, raw: Record<Field, string>): { change?: MemberChangeRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: Field, message: string) => errors.push({ row, field, message });
  if (!CODE.test(raw.householdCode)) {
    fail('householdCode', '户编号须为1–32位字母、数字或 _.- / householdCode must be 1–32 letters, digits or _.-');
  }
  if (!raw.memberName || raw.memberName.length > 64) {
    fail('memberName', '姓名须为1–64字 / memberName must be 1–64 characters');
  }
  const change = CHANGE_WORDS[raw.change.toLowerCase()];
  if (!change) {
    fail(
      'change',
      `变动须为 出生/婚入/收养/回迁/其他/死亡/迁出/外出（或 ${Object.keys(CHANGE_WORDS)
        .filter((w) => /^[a-z_]+$/.test(w))
        .join('/')}）/ change must be one of those`,
    );
  }
  const date = normalizeDate(raw.date);
  if (!date) fail('date', '日期须为存在的日期，如 2025-03-01 / date must be an existing date such as 2025-03-01');
  const reason = raw.reason ? (REASON_WORDS[raw.reason.toLowerCase()] ?? null) : null;
  if (raw.reason && !reason) {
    fail(
      'reason',
      '原因须为 婚出/落户他处/自愿退出/上学/服兵役/务工/服刑/其他 / reason must be a reason of moved_out or away',
    );
  }
  if (raw.relation.length > 64) fail('relation', '与户主关系至多64字 / relation must be at most 64 characters');
  const isMember = raw.isMember ? parseIsMember(raw.isMember) : null;
  if (raw.isMember && isMember === null) {
    fail('isMember', '是否成员须为 是/否 或 true/false / isMember must be true/false or 是/否');
  }
  if (change && isJoin(change)) {
    if (!raw.relation) fail('relation', '入户须填写与户主关系 / a join needs relation');
    if (raw.reason) {
      fail('reason', '入户的原因即变动类型，原因列须为空 / a join takes its reason from change: leave reason empty');
    }
  } else if (change && raw.isMember) {
    fail('isMember', '是否成员只用于入户 / isMember applies to joins only');
  }
  if (errors.length) return { errors };
  return {
    errors,
    change: {
      row,
      householdCode: raw.householdCode,
      memberName: raw.memberName,
      change: change!,
      date: date!,
      reason,
      relation: raw.relation || null,
      isMember,
    },
  };
}
