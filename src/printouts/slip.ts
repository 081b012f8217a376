/** The household slip (分红明细单) and the public notice (公示表) as data and HTML. Pure. */
import { chineseAmount } from '../common/chinese-amount.js';
import { fenToYuanGrouped, yuanToFen } from '../common/money.js';
import { escapeHtml, markHtml, page } from './html.js';
import { runMark } from './marks.js';

export interface SlipModel {
  villageName: string;
  villageCode: string;
  year: number;
  runId: string;
  status: string;
  householdCode: string;
  headName: string;
  membersCounted: number;
  basis: 'member' | 'share';
  units: string;
  totalUnits: string;
  score: number;
  scoreByCategory: { category: string; points: number }[];
  baseScore: number | null;
  factor: string;
  scheme: { mode: string; scoreShare?: string; tiers?: { minScore: number; factor: string }[] };
  pool: string;
  poolBase?: string;
  poolScore?: string;
  weight: string;
  totalWeight: string;
  amount: string;
  baseAmount?: string;
  scoreAmount?: string;
  paid: string;
  paymentStatus: string;
  verificationCode: string | null;
  verifyUrl: string | null;
  /** Inline SVG of the QR code (generated, not user input). */
  qrSvg: string | null;
  head: string | null;
  headSeq: number | null;
  merkleRoot: string | null;
  leafIndex: number | null;
  treeSize: number | null;
  auditPath: string[];
  resolutionRef: string | null;
  printedOn: string;
}

const g = (yuan: string) => fenToYuanGrouped(yuanToFen(yuan));

export const RUN_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  published: '草稿公示中',
  approved: '已表决通过（未过账）',
  posted: '已过账',
  reversed: '已冲销',
};

/** The notice's summary lines (label, yuan), in print order: the same in HTML, PDF and XLSX. */
export function noticeSummary(m: NoticeHead): [string, string][] {
  return [
    ['本年可分配收益', m.distributable],
    ['弥补以前年度亏损', m.lossMakeup],
    [`提取公积公益金（${m.reservePercent}%）`, m.reserve],
    ...m.deductions.map((d) => [d.name, d.amount] as [string, string]),
    ...m.guaranteed.map((d) => [`保底分红：${d.holder}`, d.amount] as [string, string]),
    ['成员分配总额', m.pool],
    ['未分配收益（留存）', m.retained],
  ];
}

export function schemeInWords(scheme: SlipModel['scheme'], basis: 'member' | 'share'): string {
  const by = basis === 'member' ? '按成员人数' : '按持有股份';
  switch (scheme.mode) {
    case 'none':
      return `${by}平均分配`;
    case 'proportional':
      return `${by}乘以家庭积分加权分配`;
    case 'tiered':
      return `${by}乘以积分档次系数分配（${(scheme.tiers ?? []).map((t) => `${t.minScore}分以上×${t.factor}`).join('，')}）`;
    default:
      return `股份分红+积分奖励：${Math.round(Number(scheme.scoreShare) * 1000) / 10}% 作为积分奖励按积分分配，其余${by}分配`;
  }
}

/** The formula with the household's own numbers, e.g. 183,500.00 × 3 ÷ 367 = 1,500.00. */
export function slipFormula(m: SlipModel): string[] {
  const unitWord = m.basis === 'member' ? '人' : '股';
  if (m.scheme.mode === 'none') {
    return [`${g(m.pool)} × ${m.units}${unitWord} ÷ ${m.totalUnits}${unitWord} = ${g(m.amount)}`];
  }
  if (m.scheme.mode === 'split') {
    return [
      `股份部分：${g(m.poolBase!)} × ${m.units} ÷ ${m.totalUnits} = ${g(m.baseAmount!)}`,
      `积分部分：${g(m.poolScore!)} × (${m.units} × ${m.score}分) ÷ ${m.totalWeight} = ${g(m.scoreAmount!)}`,
      `合计：${g(m.baseAmount!)} + ${g(m.scoreAmount!)} = ${g(m.amount)}`,
    ];
  }
  return [`${g(m.pool)} × (${m.units} × 系数${m.factor}) ÷ 权重合计 ${m.totalWeight} = ${g(m.amount)}`];
}

export function slipHtml(m: SlipModel): string {
  const categories = m.scoreByCategory.length
    ? m.scoreByCategory
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.category)}</td><td class="num">${c.points > 0 ? '+' : ''}${c.points}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="2">无加减分记录</td></tr>';
  const proof = m.verificationCode
    ? `<div class="proof">${m.qrSvg ? `<div class="qr" role="img" aria-label="核验二维码">${m.qrSvg}</div>` : ''}<div>
        <div>核验码：<span class="code" data-testid="code">${escapeHtml(m.verificationCode)}</span></div>
        <div>扫码或访问 ${escapeHtml(m.verifyUrl ?? '')} 核验</div>
        <div class="hash">过账时账本链头（第 ${m.headSeq} 号）：${escapeHtml(m.head)}</div>
        <div class="hash">默克尔根：${escapeHtml(m.merkleRoot)}；叶序号 ${m.leafIndex} / 共 ${m.treeSize}</div>
        <div class="hash">审计路径：${escapeHtml(m.auditPath.join(' '))}</div></div></div>`
    : `<p>${m.status === 'posted' ? '本户分红为 0.00 元，无核验码。' : '本方案尚未过账，金额为草稿，不能作为领款依据。'}</p>`;
  return page(
    `${m.villageName} ${m.year} 年度分红明细单 ${m.householdCode}`,
    `${markHtml(runMark(m.status))}<h1>${escapeHtml(m.villageName)} ${m.year} 年度集体收益分红明细单</h1>
    <div class="meta"><span>户编号：<b>${escapeHtml(m.householdCode)}</b></span><span>户主：<b>${escapeHtml(m.headName)}</b></span>
      <span>计入人数：${m.membersCounted} 人</span><span>分配单位：${escapeHtml(m.units)}</span><span>方案：${escapeHtml(m.runId.slice(0, 8))}</span>
      ${m.resolutionRef ? `<span>决议：${escapeHtml(m.resolutionRef)}</span>` : ''}</div>
    <h2>分配办法</h2><p>${escapeHtml(schemeInWords(m.scheme, m.basis))}</p>
    ${
      m.scheme.mode === 'none' && m.baseScore === null
        ? ''
        : `<h2>家庭积分</h2>
    <table><thead><tr><th>类别</th><th class="num">加减分</th></tr></thead><tbody>
      ${m.baseScore !== null ? `<tr><td>基础分</td><td class="num">${m.baseScore}</td></tr>` : ''}${categories}
      <tr><th>最终积分</th><th class="num">${m.score}</th></tr></tbody></table>
    <p>系数：${escapeHtml(m.factor)}</p>`
    }
    <h2>计算过程</h2>${slipFormula(m)
      .map((l) => `<p class="formula">${escapeHtml(l)}</p>`)
      .join('')}
    <h2>应得分红</h2>
    <p>小写：<span class="amount" data-testid="amount">¥${escapeHtml(g(m.amount))}</span></p>
    <p>大写：<span class="capital" data-testid="capital">人民币${escapeHtml(chineseAmount(yuanToFen(m.amount)))}</span></p>
    <p>兑付情况：${escapeHtml(m.paymentStatus)}（已付 ${escapeHtml(g(m.paid))} 元）</p>
    <h2>真实性核验</h2>${proof}
    <div class="sign"><div>户主签字</div><div>经办人</div><div>审核人</div></div>
    <p style="text-align:right">打印日期：${escapeHtml(m.printedOn)}</p>
    <p class="noprint"><button type="button" data-action="print">打印</button></p>`,
    ['print.js'],
  );
}

export interface NoticeRow {
  householdCode: string;
  headName: string;
  units: string;
  score: number;
  amount: string;
}

/** The notice without its household rows (they stream: NoticeRowSource). */
export type NoticeHead = Omit<NoticeModel, 'rows'>;

/** A notice's rows a page at a time; every amount (fen, row order) up front for the total and column width. */
export interface NoticeRowSource {
  amountsFen: readonly number[];
  pages(): AsyncIterable<NoticeRow[]>;
}

/** Rows already in memory as a source (tests, small notices). */
export function rowsSource(rows: NoticeRow[]): NoticeRowSource {
  return {
    amountsFen: rows.map((r) => yuanToFen(r.amount)),
    async *pages() {
      for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500);
    },
  };
}

export interface NoticeModel {
  villageName: string;
  year: number;
  runId: string;
  status: string;
  scheme: string;
  basis: 'member' | 'share';
  distributable: string;
  lossMakeup: string;
  reserve: string;
  reservePercent: string;
  deductions: { name: string; amount: string }[];
  guaranteed: { holder: string; amount: string }[];
  pool: string;
  retained: string;
  rows: NoticeRow[];
  warnings: { code: string; message: string }[];
  head: string | null;
  headSeq: number | null;
  merkleRoot: string | null;
  publicity: { startDate: string; endDate: string } | null;
  resolutionRef: string | null;
  printedOn: string;
}

export function noticeHtml(m: NoticeModel): string {
  const { before, after } = noticeHtmlFrame(
    m,
    m.rows.length,
    m.rows.reduce((s, r) => s + yuanToFen(r.amount), 0),
  );
  return before + m.rows.map((r, i) => noticeRowHtml(r, i)).join('') + after;
}

/** The notice as HTML text, its rows written a page of households at a time. */
export async function* noticeHtmlChunks(m: NoticeHead, source: NoticeRowSource): AsyncGenerator<string> {
  const totalFen = source.amountsFen.reduce((s, f) => s + f, 0);
  const { before, after } = noticeHtmlFrame(m, source.amountsFen.length, totalFen);
  yield before;
  let n = 0;
  for await (const rows of source.pages()) yield rows.map((r) => noticeRowHtml(r, n++)).join('');
  yield after;
}

function noticeRowHtml(r: NoticeRow, i: number): string {
  const num = (text: string) => `<td class="num">${text}</td>`;
  const figures = num(escapeHtml(r.units)) + num(String(r.score)) + num(g(r.amount));
  const names = `<td>${escapeHtml(r.householdCode)}</td><td>${escapeHtml(r.headName)}</td>`;
  return `<tr><td>${i + 1}</td>${names}${figures}</tr>`;
}

/** The page around the household rows: everything before the first and after the last. */
function noticeHtmlFrame(m: NoticeHead, count: number, totalFen: number) {
  const legal = m.warnings
    .filter((w) => w.code === 'SCORE_CUTS_SHARE_DIVIDEND')
    .map((w) => `<div class="warn">${escapeHtml(w.message)}</div>`)
    .join('');
  const ROWS = '\u0000rows\u0000'; // cannot occur in escaped text
  const html = page(
    `${m.villageName} ${m.year} 年度收益分配公示表`,
    `${markHtml(runMark(m.status))}<h1>${escapeHtml(m.villageName)} ${m.year} 年度集体收益分配公示表</h1>
    <div class="meta"><span>方案：${escapeHtml(m.runId.slice(0, 8))}</span><span>状态：${escapeHtml(RUN_STATUS_LABELS[m.status] ?? m.status)}</span>
      ${m.resolutionRef ? `<span>决议：${escapeHtml(m.resolutionRef)}</span>` : ''}
      ${m.publicity ? `<span>公示期：${m.publicity.startDate} 至 ${m.publicity.endDate}</span>` : ''}</div>
    <p>分配办法：${escapeHtml(m.scheme)}</p>${legal}
    <h2>分配总账</h2>
    <table><tbody>
      ${noticeSummary(m)
        .map(([label, amount], i, all) =>
          i === all.length - 2 // 成员分配总额
            ? `<tr><th>${label}</th><th class="num" data-testid="pool">${g(amount)}</th></tr>`
            : `<tr><td>${escapeHtml(label)}</td><td class="num">${g(amount)}</td></tr>`,
        )
        .join('')}
    </tbody></table>
    <h2>分户明细（共 ${count} 户）</h2>
    <table><thead><tr><th>序号</th><th>户编号</th><th>户主</th><th class="num">${m.basis === 'member' ? '人数' : '股数'}</th><th class="num">积分</th><th class="num">金额（元）</th></tr></thead><tbody>
    ${ROWS}
    <tr><th colspan="5">合计</th><th class="num" data-testid="total">${fenToYuanGrouped(totalFen)}</th></tr></tbody></table>
    ${m.head ? `<p class="hash">账本链头（第 ${m.headSeq} 号）：${escapeHtml(m.head)}<br>默克尔根：${escapeHtml(m.merkleRoot)}</p>` : ''}
    <p>对公示内容有异议的，请于公示期内向村（嘎查）两委或监督委员会反映。</p>
    <p style="text-align:right">打印日期：${escapeHtml(m.printedOn)}</p>`,
  );
  const at = html.indexOf(ROWS);
  return { before: html.slice(0, at), after: html.slice(at + ROWS.length) };
}
