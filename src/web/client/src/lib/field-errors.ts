// The server names the refused field in its message ("publicityDays: 至少1天 / must be ≥ 1"): forms show the
// Chinese half at that field, under the field's Chinese label, instead of a toast with an English name.
import { ApiError } from '../api/client';
import { chineseHalf } from './messages';

/** Field → Chinese message for the fields the answer names; `_` for what names no field of `labels`. */
export function fieldErrors(e: unknown, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const body = e instanceof ApiError ? (e.body as { message?: unknown } | null) : null;
  const raw = body?.message;
  const messages = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  for (const text of messages.map(chineseHalf)) {
    const m = /^([A-Za-z][\w.]*)\s*[:：]\s*(.+)$/.exec(text);
    const field = m ? (m[1].split('.').pop() ?? '') : '';
    if (m && field in labels) out[field] = `${labels[field]}：${m[2]}`;
    else out._ = [out._, withLabels(text, labels)].filter(Boolean).join('；');
  }
  if (!messages.length) out._ = e instanceof Error ? e.message : '操作未成功，请重试';
  return out;
}

/** English field names inside a message read as their Chinese labels. */
export function withLabels(text: string, labels: Record<string, string>): string {
  return text.replace(/\b([A-Za-z]\w*)\b/g, (word) => labels[word] ?? word);
}
