// Pure helpers for amounts typed by people (no Vue, no DOM): tested by money.spec.ts under jest.

export type Normalised = { ok: true; value: string } | { ok: false; message: string };

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B]/g;

/** Full-width digits and punctuation (０-９ ． ， － ＋) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export interface MoneyRules {
  /** what the field is called, named in every message (e.g. "金额") */
  label: string;
  /** refuse 0 (default: allow) */
  positive?: boolean;
  /** allow a minus sign (default: no) */
  negative?: boolean;
}

/**
 * "12,345.67", "１２３４５.６７", "¥ 12 345.6", "12345元" → "12345.67" (the API's yuan string, two decimals).
 * Never a float: the digits are handled as text. Messages are Chinese, name the field and say what to do.
 */
export function normaliseMoney(input: string, rules: MoneyRules): Normalised {
  const label = rules.label;
  let text = toHalfWidth(input)
    .replace(/[\s\u00A0\u3000]/g, '')
    .replace(/^(人民币|RMB|CNY)/i, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (text === '') return { ok: false, message: `请填写${label}，例如 12,345.67` };
  let sign = '';
  if (/^[-+]/.test(text)) {
    sign = text[0] === '-' ? '-' : '';
    text = text.slice(1).replace(/^[¥￥]/, '');
  }
  if (text.includes('%')) return { ok: false, message: `${label}请填写金额（元），不是百分比` };
  if (/[,，]/.test(text) && !/^\d{1,3}([,，]\d{3})*(\.\d*)?$/.test(text)) {
    return { ok: false, message: `${label}的千分位逗号位置不对，请写成 12,345.67 或 12345.67` };
  }
  text = text.replace(/[,，]/g, '');
  if (text.startsWith('.')) text = '0' + text;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, message: `${label}只能填写数字（元），例如 12,345.67` };
  const [, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, message: `${label}最多两位小数（到分），请改为如 12.35` };
  if (whole.replace(/^0+/, '').length > 13) return { ok: false, message: `${label}太大，请核对位数` };
  const value = `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
  const zero = /^0\.00$/.test(value);
  if (sign === '-' && !zero && !rules.negative) return { ok: false, message: `${label}不能是负数，请填写正数金额` };
  if (zero && rules.positive) return { ok: false, message: `${label}必须大于 0，请填写金额` };
  return { ok: true, value: (sign === '-' && !zero ? '-' : '') + value };
}

/** "1234567.8" → "1,234,567.80" (display only; the text stays exact). */
export function groupYuan(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(fraction + '00').slice(0, 2)}`;
}

/** Yuan string → integer fen as a BigInt (sums of table columns stay exact). */
export function yuanToFen(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace(/^-/, '').split('.');
  const fen = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -fen : fen;
}

export function fenToYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Sum of yuan strings, exact. */
export function sumYuan(values: Array<string | null | undefined>): string {
  return fenToYuan(values.reduce((s, v) => s + (v ? yuanToFen(v) : 0n), 0n));
}
