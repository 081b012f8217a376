/** PDFs with an embedded Chinese font from npm, so they render on machines without CJK fonts. */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { chineseAmount } from '../common/chinese-amount.js';
import { oneLine } from '../common/export-text.js';
import { fenToYuanGrouped, yuanToFen } from '../common/money.js';
import type { VoucherModel } from './books.js';
import {
  CHANGE_LABELS,
  type CertificateModel,
  KIND_LABELS,
  VERIFY_NOTE,
  amountText,
  fromText,
  shortFingerprint,
  sinceText,
  toText,
} from './certificate.js';
import { STATUS_LABELS } from '../households/labels.js';
import {
  type Block,
  type Column,
  type Doc,
  bodyLeft,
  bodyWidth,
  cellRow,
  drawMark,
  drawPageNumber,
  drawPagedTable,
  layoutPagedTable,
  para,
  put,
  space,
  stack,
} from './pdf-layout.js';
import { runMark } from './marks.js';
import {
  type NoticeHead,
  type NoticeModel,
  type NoticeRow,
  type NoticeRowSource,
  RUN_STATUS_LABELS,
  rowsSource,
  type SlipModel,
  noticeSummary,
  schemeInWords,
  slipFormula,
} from './slip.js';

const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
/** The font files are read once; each document embeds only the glyphs it uses (a subset). */
const fontBytes = new Map<string, Buffer>();
const font = (path: string) => fontBytes.get(path) ?? fontBytes.set(path, readFileSync(path)).get(path)!;

const g = (yuan: string) => fenToYuanGrouped(yuanToFen(yuan));

/** `margin: 0` for documents laid out by pdf-layout (they place everything themselves and never flow). */
function newDoc(margin = 40, bufferPages = false): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    // a flowing document that gets page numbers keeps the band above the bottom margin free for them
    margins: { top: margin, left: margin, right: margin, bottom: bufferPages ? margin + 20 : margin },
    bufferPages,
    info: { Title: '集体经济分红账本', Producer: 'village-dividend-ledger' },
  });
  doc.registerFont('sc', font(FONT_REGULAR));
  doc.registerFont('sc-bold', font(FONT_BOLD));
  doc.font('sc');
  // Every text is laid out as one line of visible characters: a line break, control, bidi or zero-width
  // character in a name or memo cannot push a table cell onto the next row or print as a box.
  const text = doc.text.bind(doc) as (value: string, ...rest: unknown[]) => Doc;
  doc.text = ((value: string, ...rest: unknown[]) => text(oneLine(String(value)), ...rest)) as Doc['text'];
  return doc;
}

function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface QrMatrix {
  size: number;
  dark(row: number, col: number): boolean;
}

function drawQr(doc: Doc, qr: QrMatrix, x: number, y: number, width: number): void {
  const cell = width / (qr.size + 2);
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.dark(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell);
  }
  doc.fill('black');
}

function drawSlip(doc: Doc, m: SlipModel, qr: QrMatrix | null): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const mark = runMark(m.status);
  if (mark) drawMark(doc, mark);
  doc.font('sc-bold').fontSize(17).text(`${m.villageName} ${m.year} 年度集体收益分红明细单`, { align: 'center' });
  doc.moveDown(0.6).font('sc').fontSize(10.5);
  doc.text(
    `户编号：${m.householdCode}    户主：${m.headName}    计入人数：${m.membersCounted} 人    分配单位：${m.units}`,
  );
  doc.text(`方案：${m.runId}${m.resolutionRef ? `    决议：${m.resolutionRef}` : ''}`);
  doc.text(`分配办法：${schemeInWords(m.scheme, m.basis)}`, { width });
  doc.moveDown(0.5).font('sc-bold').text('家庭积分').font('sc');
  if (m.baseScore !== null) doc.text(`基础分 ${m.baseScore}`);
  for (const c of m.scoreByCategory) doc.text(`${c.category}：${c.points > 0 ? '+' : ''}${c.points}`);
  doc.text(`最终积分：${m.score}    系数：${m.factor}`);
  doc.moveDown(0.5).font('sc-bold').text('计算过程').font('sc');
  for (const line of slipFormula(m)) doc.text(line, { width });
  doc
    .moveDown(0.5)
    .font('sc-bold')
    .fontSize(14)
    .text(`应得分红：¥${g(m.amount)}`);
  doc.fontSize(13).text(`大写：人民币${chineseAmount(yuanToFen(m.amount))}`);
  doc
    .font('sc')
    .fontSize(10.5)
    .text(`兑付情况：${m.paymentStatus}（已付 ${g(m.paid)} 元）`);
  doc.moveDown(0.5).font('sc-bold').text('真实性核验').font('sc');
  if (m.verificationCode) {
    const top = doc.y;
    if (qr) drawQr(doc, qr, left, top, 96);
    const textLeft = left + (qr ? 108 : 0);
    doc.fontSize(12).text(`核验码：${m.verificationCode}`, textLeft, top, { width: width - 108 });
    doc.fontSize(8).text(`核验地址：${m.verifyUrl ?? ''}`, { width: width - 108 });
    doc.text(`过账时账本链头（第 ${m.headSeq} 号）：${m.head}`, { width: width - 108 });
    doc.text(`默克尔根：${m.merkleRoot}  叶序号 ${m.leafIndex} / 共 ${m.treeSize}`, { width: width - 108 });
    doc.text(`审计路径：${m.auditPath.join(' ')}`, { width: width - 108 });
    doc.x = left;
    doc.y = Math.max(doc.y, top + 100);
  } else {
    doc.text(
      m.status === 'posted' ? '本户分红为 0.00 元，无核验码。' : '本方案尚未过账，金额为草稿，不能作为领款依据。',
    );
  }
  doc.moveDown(2).fontSize(11);
  const y = doc.y;
  const third = width / 3;
  ['户主签字', '经办人', '审核人'].forEach((label, i) => {
    doc
      .moveTo(left + i * third + 8, y)
      .lineTo(left + (i + 1) * third - 8, y)
      .stroke();
    doc.text(label, left + i * third, y + 4, { width: third, align: 'center' });
  });
  doc.x = left;
  doc.moveDown(1).text(`打印日期：${m.printedOn}`, { align: 'right', width });
}

export interface SlipPage {
  model: SlipModel;
  qr: QrMatrix | null;
}

/** Bytes the reader may fall behind before drawing waits for it. */
const STREAM_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * Slips as one PDF stream: each batch `pages` yields is drawn, then drawing waits while the reader is more than
 * a few MB behind, so neither the models nor the document are ever held whole. A failure destroys the stream.
 */
export function slipsPdfStream(pages: AsyncIterable<SlipPage[]>, onPage?: () => void): Readable {
  const doc = newDoc();
  const draw = async () => {
    let first = true;
    for await (const slips of pages) {
      if (doc.destroyed) return;
      for (const s of slips) {
        if (!first) doc.addPage();
        first = false;
        drawSlip(doc, s.model, s.qr);
        onPage?.();
      }
      forgetLayouts(doc);
      await readerCaughtUp(doc);
    }
    doc.end();
  };
  draw().catch((error: Error) => doc.destroy(error));
  return doc;
}

/** Waits while the reader is more than STREAM_AHEAD_BYTES behind. */
async function readerCaughtUp(doc: Doc): Promise<void> {
  while (doc.readableLength > STREAM_AHEAD_BYTES && !doc.destroyed) await new Promise((r) => setTimeout(r, 5));
}

/**
 * pdfkit keeps every word it has laid out, per font, for the document's life: codes, hashes and audit paths differ
 * on every slip (about 30 KB a slip), so a long document empties that cache between batches.
 */
function forgetLayouts(doc: Doc): void {
  const fonts = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies;
  for (const font of Object.values(fonts ?? {})) if (font.layoutCache) font.layoutCache = Object.create(null);
}

export async function slipsPdf(slips: SlipPage[], onPage?: () => void): Promise<Buffer> {
  const doc = newDoc();
  slips.forEach((s, i) => {
    if (i > 0) doc.addPage();
    drawSlip(doc, s.model, s.qr);
    onPage?.();
  });
  return finish(doc);
}

/** The 公示表 of rows in memory (tests, small notices): the stream below, read whole. */
export function noticePdf(m: NoticeModel): Promise<Buffer> {
  return streamToBuffer(noticePdfStream(m, rowsSource(m.rows)));
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The 公示表: title, run and status on every page, the summary on page 1, the households, totals and 大写 —
 * as a stream. The rows are read twice, a page of households at a time: once to measure them (第N页/共M页
 * needs every height first), once to draw them; only their heights stay, never the rows or the whole document.
 */
export function noticePdfStream(m: NoticeHead, source: NoticeRowSource): Readable {
  const doc = newDoc(0);
  const { spec, cells } = noticeTable(doc, m, source.amountsFen);
  const draw = async () => {
    const heights: number[] = [];
    for await (const rows of source.pages()) {
      for (const r of rows) heights.push(cellRow(doc, spec.columns, cells(r, heights.length), spec.size).height);
      forgetLayouts(doc);
    }
    const layout = layoutPagedTable(doc, spec, heights);
    const pending: Block[] = [];
    let [index, n] = [0, 0];
    const drawReady = (all: boolean) => {
      for (; index < layout.pages.length && (all || layout.pages[index].to <= n); index++) {
        const { from, to } = layout.pages[index];
        layout.drawPage(index, pending.splice(0, to - from));
      }
    };
    for await (const rows of source.pages()) {
      if (doc.destroyed) return;
      for (const r of rows) pending.push(cellRow(doc, spec.columns, cells(r, n++), spec.size));
      drawReady(false);
      forgetLayouts(doc);
      await readerCaughtUp(doc);
    }
    drawReady(true);
    doc.end();
  };
  draw().catch((error: Error) => doc.destroy(error));
  return doc;
}

/** The notice's table without its rows: columns sized to the widest amount, header, summary and tail. */
function noticeTable(doc: Doc, m: NoticeHead, amountsFen: readonly number[]) {
  const left = bodyLeft();
  const width = bodyWidth(doc);
  const size = 10;
  const totalFen = amountsFen.reduce((s, f) => s + f, 0);
  const amounts = function* () {
    for (const f of amountsFen) yield fenToYuanGrouped(f);
    yield fenToYuanGrouped(totalFen);
  };
  const amountWidth = figureWidth(doc, amounts(), size, width * 0.2, width * 0.3);
  const fixed = [40, 80, 60, 60];
  const columns: Column[] = [
    { header: '序号', width: fixed[0], align: 'right', figures: true },
    { header: '户编号', width: fixed[1] },
    { header: '户主', width: width - amountWidth - fixed.reduce((s, w) => s + w, 0) },
    { header: m.basis === 'member' ? '人数' : '股数', width: fixed[2], align: 'right', figures: true },
    { header: '积分', width: fixed[3], align: 'right', figures: true },
    { header: '金额（元）', width: amountWidth, align: 'right', figures: true },
  ];
  const title = `${m.villageName} ${m.year} 年度集体收益分配公示表`;
  const meta = [
    `方案：${m.runId.slice(0, 8)}`,
    `状态：${RUN_STATUS_LABELS[m.status] ?? m.status}`,
    m.resolutionRef ? `决议：${m.resolutionRef}` : '',
    m.publicity ? `公示期：${m.publicity.startDate} 至 ${m.publicity.endDate}` : '',
  ].filter(Boolean);
  const header = (continued: boolean) =>
    stack([
      para(doc, continued ? `${title}（续）` : title, left, width, { font: 'sc-bold', size: 15, align: 'center' }, 2),
      space(4),
      para(doc, meta.join('    '), left, width, { size: 9.5 }, 2),
      space(4),
    ]);
  const spec = {
    header,
    columns,
    size,
    intro: noticeIntro(doc, m),
    tail: noticeTail(doc, m, totalFen),
    mark: runMark(m.status),
  };
  const cells = (r: NoticeRow, i: number) => [
    String(i + 1),
    r.householdCode,
    r.headName,
    r.units,
    String(r.score),
    g(r.amount),
  ];
  return { spec, cells };
}

function noticeIntro(doc: Doc, m: NoticeHead): Block {
  const [left, width, size] = [bodyLeft(), bodyWidth(doc), 10];
  const summary = noticeSummary(m).map(([label, amount]) =>
    para(doc, `${label}：${g(amount)} 元`, left, width, { size }, 2),
  );
  const legal = m.warnings
    .filter((w) => w.code === 'SCORE_CUTS_SHARE_DIVIDEND')
    .map((w) => para(doc, w.message.split(' / ')[0], left, width, { size, color: '#b00000' }, 4));
  return stack([para(doc, `分配办法：${m.scheme}`, left, width, { size }, 3), ...summary, ...legal, space(6)]);
}

function noticeTail(doc: Doc, m: NoticeHead, totalFen: number): Block {
  const [left, width] = [bodyLeft(), bodyWidth(doc)];
  const small = { size: 8 };
  const bold = { font: 'sc-bold', size: 10, align: 'right' } as const;
  return stack([
    space(6),
    // one line while it fits; a long 大写 wraps, measured, so nothing below it is overlapped
    para(doc, `合计：${fenToYuanGrouped(totalFen)} 元（${chineseAmount(totalFen)}）`, left, width, bold, 3),
    space(6),
    ...(m.head
      ? [
          para(doc, `账本链头（第 ${m.headSeq} 号）：${m.head}`, left, width, small, 2),
          para(doc, `默克尔根：${m.merkleRoot}`, left, width, small, 2),
        ]
      : []),
    para(doc, '对公示内容有异议的，请于公示期内向村（嘎查）两委或监督委员会反映。', left, width, { size: 9 }, 2),
    para(doc, `打印日期：${m.printedOn}`, left, width, { size: 9, align: 'right' }, 1),
  ]);
}

/** Width of a figures column: its widest figure (bold, as in totals) with padding, within [min, max]. */
function figureWidth(doc: Doc, figures: Iterable<string>, size: number, min: number, max: number): number {
  doc.font('sc-bold').fontSize(size);
  let widest = 0;
  for (const f of figures) widest = Math.max(widest, doc.widthOfString(f));
  return Math.min(max, Math.max(min, Math.ceil(widest) + 10));
}

/**
 * A 记账凭证 on A4 portrait, of any length: title, unit, date and voucher number with the column header on
 * every page (（续） from page 2), 第N页/共M页, and under the last line the totals, 大写, attachments, hash
 * and signatures, each measured so they never overlap.
 */
export async function voucherPdf(m: VoucherModel): Promise<Buffer> {
  const doc = newDoc(0);
  const left = bodyLeft();
  const width = bodyWidth(doc);
  const size = 9.5;
  const debit = m.lines.reduce((sum, l) => sum + l.debitFen, 0);
  const credit = m.lines.reduce((sum, l) => sum + l.creditFen, 0);
  const figures = [...m.lines.flatMap((l) => [l.debitFen, l.creditFen]), debit, credit].map(fenToYuanGrouped);
  const amountWidth = figureWidth(doc, figures, size, width * 0.17, width * 0.22);
  const textWidth = (width - 2 * amountWidth) / 2;
  const columns: Column[] = [
    { header: '摘要', width: textWidth },
    { header: '会计科目', width: textWidth },
    { header: '借方金额', width: amountWidth, align: 'right', figures: true },
    { header: '贷方金额', width: amountWidth, align: 'right', figures: true },
  ];
  const meta = `单位：${m.villageName}    日期：${m.date}    凭证号：${m.voucherNo}    序号：${m.seq}`;
  const header = (continued: boolean) =>
    stack([
      para(
        doc,
        continued ? '记 账 凭 证（续）' : '记 账 凭 证',
        left,
        width,
        { font: 'sc-bold', size: 18, align: 'center' },
        1,
      ),
      space(4),
      para(doc, meta, left, width, { size: 10 }, 3),
      space(6),
    ]);
  const signatures: Block = {
    height: 16,
    draw: (y) =>
      ['会计主管', '记账', '审核', '制单'].forEach((label, i) =>
        put(doc, `${label}：__________`, left + (i * width) / 4, y, width / 4 - 4, { size: 10 }),
      ),
  };
  const tail = stack([
    cellRow(doc, columns, ['合计', '', fenToYuanGrouped(debit), fenToYuanGrouped(credit)], size, true),
    space(8),
    para(doc, `金额大写：人民币${chineseAmount(debit)}`, left, width, { font: 'sc-bold', size: 10.5 }, 3),
    space(4),
    para(doc, `附单据 ${m.attachments} 张`, left, width, { size: 9 }, 1),
    space(2),
    para(doc, `哈希：${m.hash}`, left, width, { size: 8 }, 3),
    space(24),
    signatures,
  ]);
  const rows = m.lines.map((l) => [
    l.memo || m.memo,
    `${l.accountCode} ${l.accountName}`,
    l.debitFen ? fenToYuanGrouped(l.debitFen) : '',
    l.creditFen ? fenToYuanGrouped(l.creditFen) : '',
  ]);
  drawPagedTable(doc, { header, columns, rows, size, tail, mark: null });
  return finish(doc);
}

/** A table of fixed columns (fractions of the width); long cells wrap, rows never split across pages. */
function drawTable(doc: Doc, fractions: number[], headers: string[], rows: string[][], right: number[] = []): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const cols = fractions.map((f) => f * width);
  const line = (raw: string[], bold: boolean, header = false) => {
    const cells = raw.map((text) => oneLine(text)); // measured as printed (newDoc's text() prints one line)
    doc.font(bold ? 'sc-bold' : 'sc').fontSize(9.5);
    const height = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: cols[i] - 6 })));
    if (doc.y + height + 6 > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!header) {
        line(headers, true, true); // the column header again on the continued page
        doc.font(bold ? 'sc-bold' : 'sc').fontSize(9.5);
      }
    }
    const y = doc.y + 2;
    let x = left;
    cells.forEach((text, i) => {
      // right-aligned figures keep a gap before the next column's text
      doc.text(text, x + 3, y, {
        width: cols[i] - (right.includes(i) ? 14 : 6),
        align: right.includes(i) ? 'right' : 'left',
      });
      x += cols[i];
    });
    doc
      .moveTo(left, y + height + 2)
      .lineTo(left + width, y + height + 2)
      .lineWidth(0.5)
      .stroke();
    doc.x = left;
    doc.y = y + height + 4;
  };
  line(headers, true, true);
  if (rows.length === 0) line(['无', ...headers.slice(1).map(() => '')], false);
  for (const r of rows) line(r, false);
}

/** The certificate's fingerprint, the signature lines and the printing date. */
function drawCertificateVerification(doc: Doc, m: CertificateModel, left: number, width: number): void {
  doc
    .font('sc')
    .fontSize(12)
    .text(`内容指纹：${shortFingerprint(m.sha256)}`, { width });
  doc.fontSize(8).text(`SHA-256：${m.sha256}`, { width });
  doc.fontSize(8.5).text(VERIFY_NOTE, { width });
  doc.moveDown(2).fontSize(11);
  const y = doc.y;
  ['发证单位（盖章）', '户主签字'].forEach((label, i) => {
    doc
      .moveTo(left + (i * width) / 2 + 8, y)
      .lineTo(left + ((i + 1) * width) / 2 - 8, y)
      .stroke();
    doc.text(label, left + (i * width) / 2, y + 4, { width: width / 2, align: 'center' });
  });
  doc.x = left;
  doc.moveDown(0.5).fontSize(10).text(`打印日期：${m.printedOn}`, left, doc.y, { align: 'right', width });
}

/** The 股权证 on A4: members who count, shares by class, their changes, the fingerprint; then the register history. */
export async function certificatePdf(m: CertificateModel): Promise<Buffer> {
  const doc = newDoc(40, true);
  const c = m.content;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const heading = (text: string) => doc.moveDown(0.6).font('sc-bold').fontSize(12).text(text, left, doc.y, { width });
  doc.font('sc-bold').fontSize(18).text(`${c.villageName} 股份经济合作社 股权证`, { align: 'center' });
  doc
    .moveDown(0.5)
    .font('sc')
    .fontSize(10.5)
    .text(
      `户编号：${c.householdCode}    户主：${c.headName}    村（嘎查）代码：${c.villageCode}    计入成员：${c.members.length} 人`,
      { width },
    );
  heading('家庭成员（今日在册）');
  drawTable(
    doc,
    [0.3, 0.25, 0.25, 0.2],
    ['姓名', '与户主关系', '入户日期', '状态'],
    c.members.map((x) => [x.name, x.relation, sinceText(x.since), STATUS_LABELS[x.status]]),
  );
  heading('持有股份');
  drawTable(
    doc,
    [0.3, 0.14, 0.16, 0.2, 0.2],
    ['股种', '类别', '股数', '出资额（元）', '起始日期'],
    c.holdings.map((h) => [
      `${h.shareClassName}（${h.shareClassCode}）`,
      KIND_LABELS[h.kind],
      h.quantity,
      amountText(h),
      sinceText(h.since),
    ]),
    [2, 3],
  );
  heading('股权变动记录');
  drawTable(
    doc,
    [0.16, 0.1, 0.14, 0.14, 0.23, 0.23],
    ['日期', '变动', '股种', '数量', '转出方', '转入方'],
    c.changes.map((x) => [x.date, CHANGE_LABELS[x.kind], x.shareClassCode, x.quantity, fromText(x), toText(x)]),
    [3],
  );
  heading('核验');
  drawCertificateVerification(doc, m, left, width);
  heading('户籍变更记录');
  drawTable(
    doc,
    [0.18, 0.82],
    ['日期', '内容'],
    c.register.map((r) => [r.date, r.text]),
  );
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    drawPageNumber(doc, i + 1, range.count); // one line without a width: never adds a page
  }
  return finish(doc);
}
