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
    const rowNo = index + 2;
    if (cells.every((c) => String(c ?? '').trim() === '')) return;
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
    const rowErrors: RowError[] = [];
    if (!CODE.test(raw.householdCode)) {
      rowErrors.push({
        row: rowNo,
        field: 'householdCode',
        message: '户编号须为1–32位字母、数字或 _.- / householdCode must be 1–32 letters, digits or _.-',
      });
    }
    if (!raw.headName || raw.headName.length > 64) {
      rowErrors.push({
        row: rowNo,
        field: 'headName',
        message: '户主姓名须为1–64字 / headName must be 1–64 characters',
      });
    }
    if (!raw.memberName || raw.memberName.length > 64) {
      rowErrors.push({
        row: rowNo,
        field: 'memberName',
        message: '成员姓名须为1–64字 / memberName must be 1–64 characters',
      });
    }
    if (!raw.relation || raw.relation.length > 64) {
      rowErrors.push({
        row: rowNo,
        field: 'relation',
        message: '与户主关系须为1–64字 / relation must be 1–64 characters',
      });
    }
    const isMember = parseIsMember(raw.isMember);
    if (isMember === null) {
      rowErrors.push({
        row: rowNo,
        field: 'isMember',
        message: '是否成员须为 是/否 或 true/false / isMember must be true/false or 是/否',
      });
    }
    if (raw.since && !isIsoDate(raw.since)) {
      rowErrors.push({
        row: rowNo,
        field: 'since',
        message: '入户日期须为存在的 YYYY-MM-DD / since must be an existing date YYYY-MM-DD',
      });
    }
    const existing = byCode.get(raw.householdCode);
    if (existing && raw.headName && existing.headName !== raw.headName) {
      rowErrors.push({
        row: rowNo,
        field: 'headName',
        message: `同一户的户主须一致（${existing.headName}）/ headName differs from earlier rows of this household`,
      });
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    const household = existing ?? { code: raw.householdCode, headName: raw.headName, members: [], tags: [] };
    household.members.push({
      name: raw.memberName,
      relation: raw.relation,
      isMember: isMember!,
      since: raw.since || null,
    });
    for (const tag of raw.tags
      .split(/[、;；|]/)
      .map((x) => truncateText(x.trim(), 32))
      .filter(Boolean)) {
      if (!household.tags.includes(tag)) household.tags.push(tag);
    }
    byCode.set(raw.householdCode, household);
  });
  if (!errors.length && byCode.size === 0) {
    errors.push({ row: 0, field: 'file', message: '文件没有数据行 / the file has no data rows' });
  }
  return { households: errors.length ? [] : [...byCode.values()], errors };
}
