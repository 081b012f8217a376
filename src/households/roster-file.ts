import { isMultilineField, textProblem, textProblemMessage } from '../common/text.js';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ruleViolation } from '../common/errors/domain-error.js';
import { calendarDate } from '../common/dates.js';

/** Reads CSV (UTF-8, BOM optional) or XLSX (first sheet) into a header and rows of strings. */
export async function readTable(buffer: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  const isZip =
    buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  const all = isZip ? await readXlsx(buffer) : readCsv(buffer);
  const [header = [], ...rows] = all;
  return { header, rows };
}

function readCsv(buffer: Buffer): string[][] {
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) throw new TableError('文件不是 UTF-8 编码的 CSV / the file is not UTF-8 CSV');
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new TableError(`CSV 无法解析：${(error as Error).message} / malformed CSV`);
  }
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new TableError('XLSX 文件无法读取 / malformed XLSX file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableError('XLSX 没有工作表 / the XLSX file has no sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    rows.push(cells);
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return calendarDate(value); // exceljs reads a date cell as midnight UTC of that day
    return '';
  }
  return String(value);
}

class TableError extends Error {}

/** readTable for an upload: an unreadable file is a 422 with the reason as the row-0 error. */
export async function readUploadedTable(buffer: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  try {
    const table = await readTable(buffer);
    const errors = cellTextProblems(table.header, table.rows);
    if (errors.length) {
      throw ruleViolation(
        'IMPORT_INVALID',
        '文件中有不允许的字符，未导入任何数据',
        'the file holds characters that are not allowed; nothing was imported',
        { errors },
      );
    }
    return table;
  } catch (error) {
    if (error instanceof TableError) {
      throw ruleViolation('IMPORT_INVALID', error.message, 'the file cannot be read', {
        errors: [{ row: 0, field: 'file', message: error.message }],
      });
    }
    throw error;
  }
}

/** Every cell passes the text check of the API (header = row 1, data from row 2); prose columns may span lines. */
function cellTextProblems(header: string[], rows: string[][]): { row: number; field: string; message: string }[] {
  const errors: { row: number; field: string; message: string }[] = [];
  const check = (value: string, row: number, column: number, multiline: boolean) => {
    const field = (header[column] ?? '').isWellFormed() && header[column] ? header[column] : `column ${column + 1}`;
    const problem = textProblem(value, multiline);
    if (problem && errors.length < 1000) errors.push({ row, field, message: textProblemMessage(field, problem) });
  };
  header.forEach((name, column) => check(name, 1, column, false));
  const multiline = header.map((name) => isMultilineField(name.trim()));
  rows.forEach((cells, index) => cells.forEach((cell, column) => check(cell, index + 2, column, multiline[column])));
  return errors;
}
