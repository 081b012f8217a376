import { markNote } from './marks.js';

/** Print-friendly HTML in simplified Chinese: A4, no navigation when printed, readable on a phone. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Spreadsheets printed as the PDFs are: A4 portrait, as wide as the page, numbered pages. */
export const A4_FIT_WIDTH = {
  paperSize: 9,
  orientation: 'portrait',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
} as const;
export const PAGE_FOOTER = { oddFooter: '&C第 &P 页 / 共 &N 页' };

export const PRINT_CSS = `
  @page { size: A4; margin: 14mm 12mm; }
  * { box-sizing: border-box; }
  body { font-family: "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #111; margin: 0; padding: 12px; font-size: 14px; line-height: 1.5; }
  main { max-width: 190mm; margin: 0 auto; }
  h1 { font-size: 22px; text-align: center; margin: 4px 0 8px; letter-spacing: 2px; }
  h2 { font-size: 16px; margin: 14px 0 6px; border-bottom: 1px solid #999; }
  table { width: 100%; border-collapse: collapse; margin: 6px 0; }
  th, td { border: 1px solid #666; padding: 4px 6px; text-align: left; vertical-align: top; }
  th { background: #f1f1f1; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .meta { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; }
  .amount { font-size: 20px; font-weight: bold; }
  .capital { font-size: 18px; letter-spacing: 1px; }
  .code { font-family: "DejaVu Sans Mono", monospace; font-size: 18px; letter-spacing: 1px; }
  .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 10px; word-break: break-all; color: #333; }
  .warn { border: 2px solid #b00; color: #b00; padding: 6px; margin: 8px 0; }
  .sign { display: flex; justify-content: space-between; margin-top: 28px; gap: 12px; }
  .sign div { flex: 1; border-top: 1px solid #333; padding-top: 4px; text-align: center; }
  .proof { display: flex; gap: 12px; align-items: flex-start; }
  .proof .qr, .proof .qr svg { width: 128px; height: 128px; flex: none; }
  .noprint { margin: 8px 0; }
  .draft-mark { border: 2px solid #c00000; color: #c00000; font-weight: bold; text-align: center; padding: 4px; margin: 4px 0 8px; }
  .watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120px; font-weight: bold; color: rgba(192, 0, 0, 0.1); transform: rotate(-35deg); pointer-events: none; z-index: 10; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  @media print { .noprint { display: none; } body { padding: 0; } }
  @media (max-width: 480px) { body { font-size: 13px; padding: 6px; } .proof { flex-direction: column; } }
`;

/**
 * The draft mark of a run that is not posted: a banner at the top and a pale diagonal word that browsers
 * repeat on every printed page (position: fixed). Empty for a posted run.
 */
export function markHtml(mark: string | null): string {
  if (!mark) return '';
  return `<p class="draft-mark" data-testid="draft-mark">${escapeHtml(markNote(mark))}</p><div class="watermark" aria-hidden="true">${escapeHtml(mark)}</div>`;
}

/**
 * `scripts` are paths under /web/assets: behaviour lives in files served from 'self', never inline (the CSP has
 * script-src 'self' and script-src-attr 'none').
 */
export function page(title: string, body: string, scripts: string[] = []): string {
  const tags = scripts.map((name) => `<script src="/web/assets/${escapeHtml(name)}"></script>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${PRINT_CSS}</style></head><body><main>${body}</main>${tags}</body></html>`;
}
