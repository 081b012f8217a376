/** Score sheet rows (XLSX/CSV) → score events, with row-level errors. Pure. */
import { isIsoDate } from '../common/validation.js';
import type { RowError } from '../households/roster.js';

const COLUMNS: Record<string, 'householdCode' | 'ruleCode' | 'points' | 'date' | 'evidence'> = {
  householdcode: 'householdCode',
  户编号: 'householdCode',
  rulecode: 'ruleCode',
  规则编号: 'ruleCode',
  规则: 'ruleCode',
  points: 'points',
  分值: 'points',
  积分: 'points',
  date: 'date',
  日期: 'date',
  evidence: 'evidence',
  依据: 'evidence',
  事由: 'evidence',
};

export interface ScoreRow {
  row: number;
  householdCode: string;
  ruleCode: string;
  points: number;
  date: string;
  evidence: string;
}

export function parseScoreSheet(header: string[], rows: string[][]): { items: ScoreRow[]; errors: RowError[] } {
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
  for (const need of ['householdCode', 'ruleCode', 'points', 'date', 'evidence'] as const) {
    if (!fields.includes(need)) {
      errors.push({ row: 1, field: need, message: `缺少列 ${need} / missing column ${need}` });
    }
  }
  if (errors.length) return { items: [], errors };
  const items: ScoreRow[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((c) => String(c ?? '').trim() === '')) return;
    const raw: Record<string, string> = {};
    fields.forEach((f, j) => f && (raw[f] = String(cells[j] ?? '').trim()));
    const row = i + 2;
    const before = errors.length;
    if (!/^-?\d{1,6}$/.test(raw.points)) {
      errors.push({ row, field: 'points', message: '分值须为整数 / points must be an integer' });
    }
    if (!isIsoDate(raw.date)) {
      errors.push({ row, field: 'date', message: '日期须为 YYYY-MM-DD / date must be YYYY-MM-DD' });
    }
    if (!raw.evidence || raw.evidence.length > 1000) {
      errors.push({ row, field: 'evidence', message: '须填写依据（1–1000字）/ evidence must be 1–1000 characters' });
    }
    if (!raw.householdCode) {
      errors.push({ row, field: 'householdCode', message: '须填写户编号 / householdCode is required' });
    }
    if (!raw.ruleCode) errors.push({ row, field: 'ruleCode', message: '须填写规则编号 / ruleCode is required' });
    if (errors.length === before) {
      items.push({
        row,
        householdCode: raw.householdCode,
        ruleCode: raw.ruleCode,
        points: Number(raw.points),
        date: raw.date,
        evidence: raw.evidence,
      });
    }
  });
  return { items, errors };
}
