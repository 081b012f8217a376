/** Roster rows (one per member) → households, with every bad row reported by row and field. Pure. */
import { truncateText } from '../common/text.js';
import { isIsoDate } from '../common/dates.js';

export interface RosterMember {
  name: string;
  relation: string;
  isMember: boolean;
  /** Counts from this date; absent: from the beginning. */
  since?: string | null;
  sinceReason?: 'split' | null;
  previousMemberId?: string | null;
}
export interface RosterHousehold {
  code: string;
  headName: string;
  members: RosterMember[];
  tags: string[];
}
export interface RowError {
  row: number;
  field: string;
  message: string;
}

const COLUMNS: Record<string, keyof RawRow> = {
  householdcode: 'householdCode',
  户编号: 'householdCode',
  headname: 'headName',
  户主: 'headName',
  户主姓名: 'headName',
  membername: 'memberName',
  姓名: 'memberName',
  成员姓名: 'memberName',
  relation: 'relation',
  与户主关系: 'relation',
  ismember: 'isMember',
  是否成员: 'isMember',
  tags: 'tags',
  标签: 'tags',
  since: 'since',
  入户日期: 'since',
};
interface RawRow {
  householdCode: string;
  headName: string;
  memberName: string;
  relation: string;
  isMember: string;
  tags: string;
  since: string;
}

export const MAX_ROSTER_ROWS = 1_000_000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Maps a header row (English or Chinese) to field names; unknown columns are reported. */
export function mapHeader(header: string[]): { fields: (keyof RawRow | null)[]; errors: RowError[] } {
  const fields = header.map(
    (h) =>
      COLUMNS[
        String(h ?? '')
          .trim()
          .replace(/^\uFEFF/, '')
          .toLowerCase()
      ] ??
      COLUMNS[String(h ?? '').trim()] ??
      null,
  );
  const errors: RowError[] = [];
  for (const required of ['householdCode', 'headName', 'memberName', 'relation'] as const) {
    if (!fields.includes(required)) {
      errors.push({ row: 1, field: required, message: `缺少列 ${required} / missing column ${required}` });
    }
  }
  return { fields, errors };
}

export function parseIsMember(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === '是' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '否' || v === '0' || v === 'no') return false;
  return null;
}

/** `rows` excludes the header; row numbers in errors count the header as row 1. */
export function parseRoster(header: string[], rows: string[][]): { households: RosterHousehold[]; errors: RowError[] } {
  const { fields, errors } = mapHeader(header);
  if (errors.length) return { households: [], errors };
  if (rows.length > MAX_ROSTER_ROWS) {
    return {
      households: [],
      errors: [{ row: 0, field: 'file', message: `最多 ${MAX_ROSTER_ROWS} 行 / at most ${MAX_ROSTER_ROWS} rows` }],
    };
  }
  const byCode = new Map<string, RosterHousehold>();
  rows.forEach((cells, index) => {
    if (cells.every((c) => String(c ?? '').trim() === '')) return;
    const raw = readRow(fields, cells);
    const existing = byCode.get(raw.householdCode);
    const rowErrors = checkRow(raw, index + 2, existing);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    const household = existing ?? { code: raw.householdCode, headName: raw.headName, members: [], tags: [] };
    addMember(household, raw);
    byCode.set(raw.householdCode, household);
  });
  if (!errors.length && byCode.size === 0) {
    errors.push({ row: 0, field: 'file', message: '文件没有数据行 / the file has no data rows' });
  }
  return { households: errors.length ? [] : [...byCode.values()], errors };
}

function readRow(fields: (keyof RawRow | null)[], cells: string[]): RawRow {
  const raw: RawRow = {
    householdCode: '',
    headName: '',
    memberName: '',
    relation: '',
    isMember: '',
    tags: '',
    since: '',
  };
  fields.forEach((field, i) => {
    if (field) raw[field] = String(cells[i] ?? '').trim();
  });
  return raw;
}

const badName = (name: string) => !name || name.length > 64;

/** Every problem of one row, in column order; `existing` is the household of earlier rows with its code. */
function checkRow(raw: RawRow, row: number, existing: RosterHousehold | undefined): RowError[] {
  const checks: [field: string, bad: boolean, message: string][] = [
    [
      'householdCode',
      !CODE.test(raw.householdCode),
      '户编号须为1–32位字母、数字或 _.- / householdCode must be 1–32 letters, digits or _.-',
    ],
    ['headName', badName(raw.headName), '户主姓名须为1–64字 / headName must be 1–64 characters'],
    ['memberName', badName(raw.memberName), '成员姓名须为1–64字 / memberName must be 1–64 characters'],
    ['relation', badName(raw.relation), '与户主关系须为1–64字 / relation must be 1–64 characters'],
    [
      'isMember',
      parseIsMember(raw.isMember) === null,
      '是否成员须为 是/否 或 true/false / isMember must be true/false or 是/否',
    ],
    [
      'since',
      raw.since !== '' && !isIsoDate(raw.since),
      '入户日期须为存在的 YYYY-MM-DD / since must be an existing date YYYY-MM-DD',
    ],
    [
      'headName',
      existing !== undefined && raw.headName !== '' && existing.headName !== raw.headName,
      `同一户的户主须一致（${existing?.headName}）/ headName differs from earlier rows of this household`,
    ],
  ];
  return checks.filter(([, bad]) => bad).map(([field, , message]) => ({ row, field, message }));
}

function addMember(household: RosterHousehold, raw: RawRow): void {
  household.members.push({
    name: raw.memberName,
    relation: raw.relation,
    isMember: parseIsMember(raw.isMember)!,
    since: raw.since || null,
  });
  for (const tag of raw.tags
    .split(/[、;；|]/)
    .map((x) => truncateText(x.trim(), 32))
    .filter(Boolean)) {
    if (!household.tags.includes(tag)) household.tags.push(tag);
  }
}
