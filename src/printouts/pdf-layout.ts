/**
 * Paged tables for pdfkit: every height is measured before anything is drawn, rows are assigned to pages by
 * `paginate`, and each page gets the header, the column header, its rows, its page number and (for a run
 * that is not posted) the draft mark. Documents drawn here have zero pdfkit margins and every text carries
 * a width with a height or no width at all, so pdfkit never adds a page by itself (text below the bottom
 * margin would) — the page count is exactly what `paginate` says.
 */
import type PDFDocument from 'pdfkit';
import { oneLine } from '../common/export-text.js';
import { markNote } from './marks.js';
import { type PageSlice, paginate } from './paginate.js';

export type Doc = InstanceType<typeof PDFDocument>;
type Align = 'left' | 'right' | 'center';

/** A4 portrait (595.28 × 841.89 pt): 40 pt margins (14 mm), a 20 pt band above the bottom margin for 第N页. */
export const MARGIN = 40;
const FOOTER_BAND = 20;
const CELL_PAD = 3;
/** Smallest size a figure shrinks to so it stays on one line in its column. */
const MIN_FIGURE_SIZE = 6;

export const bodyLeft = () => MARGIN;
export const bodyWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bodyBottom = (doc: Doc) => doc.page.height - MARGIN - FOOTER_BAND;

/** Something measured that is drawn later at a given top y. */
export interface Block {
  height: number;
  draw(y: number): void;
}

export interface Column {
  header: string;
  /** In points. */
  width: number;
  align?: Align;
  /** Amounts and counts: one line always, the font shrinks to fit the column. */
  figures?: boolean;
}

interface TextStyle {
  font?: 'sc' | 'sc-bold';
  size: number;
  align?: Align;
  color?: string;
}

/** The font size at which `text` fits `width` on one line (never above `size`, never below the minimum). */
export function fitSize(doc: Doc, text: string, width: number, size: number, font = 'sc'): number {
  doc.font(font).fontSize(size);
  const measured = doc.widthOfString(text);
  if (measured <= width) return size;
  return Math.max(MIN_FIGURE_SIZE, Math.floor(((size * width) / measured) * 100) / 100);
}

/** One line that never wraps and never adds a page, shrunk to fit `width`. */
export function put(doc: Doc, raw: string, x: number, y: number, width: number, style: TextStyle): void {
  const text = oneLine(raw); // measured as printed
  const font = style.font ?? 'sc';
  const size = fitSize(doc, text, width, style.size, font);
  doc.font(font).fontSize(size);
  const free = width - doc.widthOfString(text);
  const dx = style.align === 'right' ? free : style.align === 'center' ? free / 2 : 0;
  doc.fillColor(style.color ?? 'black');
  doc.text(text, x + Math.max(0, dx), y + (style.size - size) / 2, { lineBreak: false });
  doc.fillColor('black');
}

/** Text wrapped to `width`, at most `maxLines` lines (the rest cut with …), measured before it is drawn. */
export function para(doc: Doc, raw: string, x: number, width: number, style: TextStyle, maxLines = 40): Block {
  const text = oneLine(raw); // measured as printed
  const font = style.font ?? 'sc';
  doc.font(font).fontSize(style.size);
  const lineHeight = doc.currentLineHeight(true);
  if (doc.widthOfString(text) <= width) {
    // one line (most cells): no line wrapper to measure or draw with
    return { height: lineHeight, draw: (y) => put(doc, text, x, y, width, style) };
  }
  const height = Math.min(doc.heightOfString(text, { width }), maxLines * lineHeight);
  return {
    height,
    draw: (y) => {
      doc
        .font(font)
        .fontSize(style.size)
        .fillColor(style.color ?? 'black');
      doc.text(text, x, y, { width, height: height + 0.5, ellipsis: true, align: style.align ?? 'left' });
      doc.fillColor('black');
    },
  };
}

/** Blocks one under another with `gap` points between them. */
export function stack(blocks: Block[], gap = 0): Block {
  const height = blocks.reduce((s, b) => s + b.height, 0) + gap * Math.max(0, blocks.length - 1);
  return {
    height,
    draw: (y) => {
      let top = y;
      for (const b of blocks) {
        b.draw(top);
        top += b.height + gap;
      }
    },
  };
}

/** Empty space. */
export const space = (height: number): Block => ({ height, draw: () => undefined });

/** A table row: wrapped text cells (at most `maxLines` lines) and one-line figures, a rule under it. */
export function cellRow(doc: Doc, columns: Column[], cells: string[], size: number, bold = false, maxLines = 3): Block {
  const font = bold ? 'sc-bold' : 'sc';
  let x = bodyLeft();
  const parts = columns.map((c, i) => {
    const left = x;
    x += c.width;
    const text = cells[i] ?? '';
    const inner = c.width - 2 * CELL_PAD;
    if (c.figures) {
      doc.font(font).fontSize(size);
      const block: Block = {
        height: doc.currentLineHeight(true),
        draw: (y) => put(doc, text, left + CELL_PAD, y, inner, { font, size, align: c.align }),
      };
      return block;
    }
    return para(doc, text, left + CELL_PAD, inner, { font, size, align: c.align }, maxLines);
  });
  const height = Math.max(...parts.map((p) => p.height)) + 2 * CELL_PAD;
  return {
    height,
    draw: (y) => {
      for (const p of parts) p.draw(y + CELL_PAD);
      const width = columns.reduce((s, c) => s + c.width, 0);
      doc
        .moveTo(bodyLeft(), y + height)
        .lineTo(bodyLeft() + width, y + height)
        .lineWidth(bold ? 0.8 : 0.4)
        .stroke();
    },
  };
}

/** The draft mark of a page: a pale diagonal word across it and a red label in the top margin. */
export function drawMark(doc: Doc, mark: string): void {
  const [x, y] = [doc.x, doc.y]; // a flowing document (the slip) goes on where it was
  const cx = doc.page.width / 2;
  const cy = doc.page.height / 2;
  doc.save();
  doc.rotate(-35, { origin: [cx, cy] });
  doc.font('sc-bold').fontSize(120).fillColor('#c00000').fillOpacity(0.1);
  const w = doc.widthOfString(mark);
  doc.text(mark, cx - w / 2, cy - 80, { lineBreak: false });
  doc.restore();
  doc.fillOpacity(1).fillColor('black');
  put(doc, markNote(mark), MARGIN, 16, bodyWidth(doc), {
    font: 'sc-bold',
    size: 10,
    align: 'right',
    color: '#c00000',
  });
  [doc.x, doc.y] = [x, y];
}

/** 第N页/共M页 in the band above the bottom margin, on the page it counts. */
export function drawPageNumber(doc: Doc, page: number, pages: number): void {
  put(doc, `第 ${page} 页 / 共 ${pages} 页`, MARGIN, doc.page.height - MARGIN - 12, bodyWidth(doc), {
    size: 9,
    align: 'center',
  });
}

export interface PagedTableSpec {
  /** Drawn at the top of every page; `continued` is true from page 2 on (the header then says （续）). */
  header: (continued: boolean) => Block;
  columns: Column[];
  rows: string[][];
  size: number;
  /** Under the header of page 1 only, above the table (a notice's summary). */
  intro?: Block;
  /** Under the last row (totals, 大写, hash line, signatures). */
  tail?: Block;
  /** 草稿 (or another mark) on every page; null for a posted run. */
  mark: string | null;
}

/** A table laid out on pages from its rows' heights: each page is drawn when its rows are at hand. */
export interface TableLayout {
  pages: PageSlice[];
  /** Draws page `index` (adding it from the second on) with its rows, measured by `cellRow`. */
  drawPage(index: number, rows: Block[]): void;
}

/** Assigns rows of these heights to pages under the header (and the intro on page 1, the tail after the last). */
export function layoutPagedTable(doc: Doc, spec: Omit<PagedTableSpec, 'rows'>, heights: number[]): TableLayout {
  const headers = [spec.header(false), spec.header(true)];
  const headerHeight = Math.max(headers[0].height, headers[1].height);
  const columnHeader = cellRow(
    doc,
    spec.columns,
    spec.columns.map((c) => c.header),
    spec.size,
    true,
  );
  const intro = spec.intro ?? space(0);
  const tail = spec.tail ?? space(0);
  const rest = bodyBottom(doc) - MARGIN - headerHeight - columnHeader.height;
  const pages = paginate(heights, { first: rest - intro.height, rest }, tail.height);
  const drawPage = (index: number, rows: Block[]) => {
    if (index > 0) doc.addPage();
    if (spec.mark) drawMark(doc, spec.mark);
    headers[index > 0 ? 1 : 0].draw(MARGIN);
    let y = MARGIN + headerHeight;
    if (index === 0) {
      intro.draw(y);
      y += intro.height;
    }
    columnHeader.draw(y);
    y += columnHeader.height;
    for (const row of rows) {
      row.draw(y);
      y += row.height;
    }
    if (index === pages.length - 1) tail.draw(y);
    drawPageNumber(doc, index + 1, pages.length);
  };
  return { pages, drawPage };
}

/** Lays the table out on pages and draws it; returns the pages (rows per page) it used. */
export function drawPagedTable(doc: Doc, spec: PagedTableSpec): PageSlice[] {
  const rows = spec.rows.map((cells) => cellRow(doc, spec.columns, cells, spec.size));
  const layout = layoutPagedTable(
    doc,
    spec,
    rows.map((r) => r.height),
  );
  layout.pages.forEach((slice, index) => layout.drawPage(index, rows.slice(slice.from, slice.to)));
  return layout.pages;
}
