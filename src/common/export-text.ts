/**
 * Text written into files and headers (XLSX, PDF, Content-Disposition): whatever a user typed, the file
 * opens and the response is sent. Pure.
 */
import ExcelJS from 'exceljs';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Bidi controls and zero-width characters: invisible, and they make a name look like another one. */
const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** C0/C1 controls, line and paragraph separators, and the two code points XML 1.0 cannot hold. */
// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]/g;
/** What XML 1.0 refuses (exceljs writes it, then no reader opens the file); tab and line breaks stay. */
// eslint-disable-next-line no-control-regex -- matching controls is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Lone surrogates become U+FFFD, so the text encodes to UTF-8 exactly as it reads. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The longest prefix of at most `maxUnits` UTF-16 units that ends between user-perceived characters
 * (grapheme clusters: an emoji family or a letter with its accents stays whole); a first cluster longer
 * than the limit is cut between code points, never inside a surrogate pair.
 */
export function cutUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length <= maxUnits) {
      out += segment;
      continue;
    }
    if (out === '') {
      for (const codePoint of segment) {
        if (out.length + codePoint.length > maxUnits) break;
        out += codePoint;
      }
    }
    break;
  }
  return out;
}

/** One line of visible text: controls and line breaks become spaces, invisible characters go. */
export function oneLine(text: string): string {
  return wellFormed(text).replace(INVISIBLE, '').replace(CONTROLS, ' ');
}

export const SHEET_NAME_MAX_UNITS = 31;
const SHEET_FORBIDDEN = /[\\/:?*[\]]/g;
const SHEET_EDGES = /^[\s']+|[\s']+$/g;

/**
 * A worksheet name Excel and exceljs accept, as close to `name` as can be: `\ / : ? * [ ]` become `_`,
 * no apostrophe or space at either end, at most 31 UTF-16 units (Excel's count) cut between characters,
 * never empty, never the reserved `History`.
 */
export function safeSheetName(name: string, fallback = 'Sheet1'): string {
  const clean = oneLine(name).replace(SHEET_FORBIDDEN, '_').replace(/\s+/g, ' ').replace(SHEET_EDGES, '');
  const cut = cutUnits(clean, SHEET_NAME_MAX_UNITS).replace(SHEET_EDGES, '');
  if (cut === '') return fallback === '' ? 'Sheet1' : safeSheetName(fallback);
  return cut.toLowerCase() === 'history' ? `${cut}_` : cut;
}

/**
 * A text cell: XML-safe, and a cell that begins with = + - @ (or a tab or CR, which spreadsheets skip)
 * gets a leading apostrophe so no spreadsheet ever runs it as a formula.
 */
export function safeCell(value: string): string {
  const text = wellFormed(value).replace(NOT_XML, '');
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Text for workbook properties (title): XML-safe, one line. */
export function xmlText(value: string): string {
  return oneLine(value).replace(/\s+/g, ' ').trim();
}

const FILE_NAME_MAX_UNITS = 120;
const FILE_NAME_FORBIDDEN = /["\\/:*?<>|%;]/g;

/**
 * A Content-Disposition value for a download named `filename` (any text, e.g. a village name):
 * `filename="<ASCII fallback>"` for old clients and RFC 5987 `filename*=UTF-8''…` with the real name.
 * Only printable ASCII ends up in the header, so no name can make the server refuse to send it.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string, asciiFallback: string): string {
  const dot = /\.[A-Za-z0-9]{1,10}$/.exec(filename);
  const ext = dot ? dot[0] : '';
  const stem = oneLine(filename.slice(0, filename.length - ext.length))
    .replace(FILE_NAME_FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const name = stem === '' ? asciiFallback : `${cutUnits(stem, FILE_NAME_MAX_UNITS)}${ext}`;
  const ascii = asciiFallback.replace(/[^\x20-\x7E]/g, '_').replace(FILE_NAME_FORBIDDEN, '_') || 'download';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * ! unescaped, which attr-char does not allow (except !). */
function rfc5987(text: string): string {
  return encodeURIComponent(wellFormed(text)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A workbook whose properties name what it holds (the village and the report), for files that have no title row. */
export function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.title = xmlText(title);
  workbook.creator = '集体经济分红账本';
  return workbook;
}
