/**
 * Text accepted at the edge (CONTRACT "Time, text and the clock"): well-formed Unicode, no NUL or other C0
 * control (nor DEL), except line breaks and tabs in fields that hold prose. What passes is stored and
 * hashed exactly as received, so no accepted text can ever make a chain fail verification.
 */

/** Fields whose text may span lines (memo, evidence, reasons, answers…), in requests and upload columns. */
const MULTILINE_FIELD =
  /^(memo|evidence|reason|answer|note|notes|description|remark|remarks|summary|objection|备注|说明|证据|依据|理由|事由|答复|摘要)$/i;

export function isMultilineField(name: string): boolean {
  return MULTILINE_FIELD.test(name);
}

export type TextProblem = 'lone-surrogate' | 'nul' | 'control';

/** Controls refused everywhere (C0 but tab, LF, CR; and DEL). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_STRICT = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Tab, LF and CR: refused outside prose fields. */
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

export function textProblem(value: string, multiline: boolean): TextProblem | null {
  if (!value.isWellFormed()) return 'lone-surrogate';
  if (value.includes('\u0000')) return 'nul';
  if (CONTROL_STRICT.test(value) || (!multiline && LINE_BREAK_OR_TAB.test(value))) return 'control';
  return null;
}

export function textProblemMessage(field: string, problem: TextProblem): string {
  switch (problem) {
    case 'lone-surrogate':
      return `${field}: 含有不完整的 Unicode 字符（孤立的代理项） / ${field} is not well-formed Unicode (a lone surrogate)`;
    case 'nul':
      return `${field}: 不能含有空字符（NUL） / ${field} must not contain a NUL character`;
    case 'control': {
      const multiline = isMultilineField(lastSegment(field));
      return (
        `${field}: 不能含有控制字符${multiline ? '' : '（包括换行和制表符）'} / ` +
        `${field} must not contain control characters${multiline ? '' : ' (line breaks and tabs included)'}`
      );
    }
  }
}

function lastSegment(path: string): string {
  return (
    path
      .replace(/\[\d+\]$/, '')
      .split('.')
      .pop() ?? path
  );
}

const MAX_PROBLEMS = 20;

/**
 * Every string (and object key) in a parsed JSON value, checked with its path (`members[0].name`); the
 * messages name each bad field. Prose fields take the name of their last path segment.
 */
export function jsonTextProblems(value: unknown, path = ''): string[] {
  const out: string[] = [];
  const walk = (node: unknown, at: string, field: string): void => {
    if (out.length >= MAX_PROBLEMS) return;
    if (typeof node === 'string') {
      const problem = textProblem(node, isMultilineField(field));
      if (problem) out.push(textProblemMessage(at || 'body', problem));
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}[${i}]`, field));
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const keyProblem = textProblem(key, false);
        const name = keyProblem ? JSON.stringify(key) : key;
        const childPath = at ? `${at}.${name}` : name;
        if (keyProblem) out.push(textProblemMessage(childPath, keyProblem));
        else walk(child, childPath, key);
      }
    }
  };
  walk(value, path, path);
  return out;
}

/** At most `maxUnits` UTF-16 units without cutting a surrogate pair (columns are sized in characters). */
export function truncateText(value: string, maxUnits: number): string {
  if (value.length <= maxUnits) return value;
  const end = /[\ud800-\udbff]/.test(value[maxUnits - 1]) ? maxUnits - 1 : maxUnits;
  return value.slice(0, end);
}
