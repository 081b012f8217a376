import { Inject, Injectable } from '@nestjs/common';
import JSZip from 'jszip';
import { Readable } from 'node:stream';
import QRCode from 'qrcode';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import { newWorkbook, safeCell, safeSheetName } from '../common/export-text.js';
import { fenToYuan, yuanToFen } from '../common/money.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { Payout } from '../dividends/dividend.entity.js';
import { Payment } from '../payments/payment.entity.js';
import { reversedPaymentIds } from '../payments/payment-records.js';
import type { RunLine } from '../dividends/dividend.entity.js';
import { DividendsRepository } from '../dividends/dividends.repository.js';
import { DividendsService } from '../dividends/dividends.service.js';
import type { CalcPayout } from '../dividends/calculator.js';
import { payoutOf } from '../dividends/run-lines.js';
import { Household, Member } from '../households/household.entity.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { Village } from '../villages/village.entity.js';
import { VillageAccess } from '../common/village-access.js';
import { A4_FIT_WIDTH, PAGE_FOOTER } from './html.js';
import { markNote, runMark } from './marks.js';
import { type SlipPage, noticePdfStream, slipsPdf, slipsPdfStream } from './pdf.js';
import {
  type NoticeHead,
  type NoticeModel,
  type NoticeRow,
  type NoticeRowSource,
  type SlipModel,
  noticeHtmlChunks,
  noticeSummary,
  schemeInWords,
  slipHtml,
} from './slip.js';

@Injectable()
export class PrintoutsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dividends: DividendsService,
    private readonly runs: DividendsRepository,
    private readonly scoring: ScoringService,
    private readonly access: VillageAccess,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The run, its village and its figures with the payouts of the given households (all when omitted). */
  private async load(actor: Actor, runId: string, householdIds?: string[]) {
    const manager = this.dataSource.manager;
    const run = await this.dividends.visibleRun(manager, actor, runId);
    const village = (await this.dataSource.getRepository(Village).findOneBy({ id: run.villageId }))!;
    const lines: RunLine[] = [];
    if (householdIds) lines.push(...(await this.runs.linesOf(manager, runId, householdIds)));
    else for await (const line of this.runs.lines(manager, runId)) lines.push(line);
    const payouts = lines.sort((a, b) => a.position - b.position).map(payoutOf);
    const stored = {
      calc: { ...run.totals, payouts },
      scoring: run.request.scoring,
      request: run.request,
      warnings: await this.runs.warnings(manager, runId),
      totalUnits: await this.runs.totalUnits(manager, runId),
    };
    return { run, village, stored };
  }

  /** Slip models for the given households (all of the run when omitted), in household-code order. */
  async slipModels(
    actor: Actor,
    runId: string,
    baseUrl: string,
    householdIds?: string[],
    withQrSvg = true,
  ): Promise<SlipModel[]> {
    const source = await this.slipSource(actor, runId, householdIds);
    return this.slipModelsPage(source, baseUrl, 0, source.payouts.length, withQrSvg);
  }

  /** The run and the payouts to print (access checked for each), before any slip is built. */
  private async slipSource(actor: Actor, runId: string, householdIds?: string[]): Promise<SlipSource> {
    const { run, village, stored } = await this.load(actor, runId, householdIds);
    const calc = stored.calc;
    const payouts = calc.payouts;
    if (householdIds && payouts.length === 0) throw notFound('household in this run', '该户分红');
    for (const p of payouts) this.access.assertHousehold(actor, p.householdId);
    return { run, village, stored, payouts, totalUnits: stored.totalUnits };
  }

  /** Per household of the page: the household, members counted, payout proof and fen paid (standing payments). */
  private async slipHouseholds(runId: string, ids: string[]) {
    const households = new Map<string, Household>();
    const members = new Map<string, number>();
    const proofs = new Map<string, Payout>();
    const paid = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const h of await this.dataSource.getRepository(Household).findBy({ id: In(chunk) })) households.set(h.id, h);
      for (const m of await this.dataSource.getRepository(Member).findBy({ householdId: In(chunk), isMember: true })) {
        members.set(m.householdId, (members.get(m.householdId) ?? 0) + 1);
      }
      for (const p of await this.dataSource.getRepository(Payout).findBy({ runId, householdId: In(chunk) })) {
        proofs.set(p.householdId, p);
      }
      const payments = await this.dataSource.getRepository(Payment).findBy({ runId, householdId: In(chunk) });
      const reversed = await reversedPaymentIds(this.dataSource.manager, payments);
      for (const p of payments) {
        if (!reversed.has(p.id)) paid.set(p.householdId, (paid.get(p.householdId) ?? 0) + p.amountFen);
      }
    }
    return { households, members, proofs, paid };
  }

  /** The slips of payouts[offset, offset + limit): what is printed a page of households at a time. */
  private async slipModelsPage(
    source: SlipSource,
    baseUrl: string,
    offset: number,
    limit: number,
    withQrSvg: boolean,
  ): Promise<SlipModel[]> {
    const { run, village, stored } = source;
    const calc = stored.calc;
    const payouts = source.payouts.slice(offset, offset + limit);
    const ids = payouts.map((p) => p.householdId);
    const { households, members, proofs, paid } = await this.slipHouseholds(run.id, ids);
    const { ruleSet, cards } = await this.scoring.computeYear(this.dataSource.manager, run.villageId, run.year, ids);
    const treeSize = run.status === 'posted' ? run.payoutCount : null;
    const totalUnits = source.totalUnits;
    const models: SlipModel[] = [];
    for (const p of payouts) {
      const proof = run.status === 'posted' ? proofs.get(p.householdId) : undefined;
      const paidFen = paid.get(p.householdId) ?? 0;
      const verifyUrl = proof ? `${baseUrl}/v/${proof.verificationCode}` : null;
      models.push({
        villageName: village.name,
        villageCode: village.code,
        year: run.year,
        runId: run.id,
        status: run.status,
        householdCode: p.householdCode,
        headName: households.get(p.householdId)?.headName ?? '',
        membersCounted: members.get(p.householdId) ?? 0,
        basis: stored.request.basis,
        units: p.units,
        totalUnits: String(totalUnits),
        score: p.score,
        baseScore: ruleSet?.baseScore ?? null,
        scoreByCategory: cards.get(p.householdId)?.byCategory ?? [],
        factor: p.factor,
        scheme: stored.scoring,
        pool: fenToYuan(calc.poolFen),
        poolBase: calc.poolBaseFen !== undefined ? fenToYuan(calc.poolBaseFen) : undefined,
        poolScore: calc.poolScoreFen !== undefined ? fenToYuan(calc.poolScoreFen) : undefined,
        weight: p.weight,
        totalWeight: calc.totalWeight,
        amount: fenToYuan(p.amountFen),
        baseAmount: p.baseFen !== undefined ? fenToYuan(p.baseFen) : undefined,
        scoreAmount: p.scoreFen !== undefined ? fenToYuan(p.scoreFen) : undefined,
        paid: fenToYuan(paidFen),
        paymentStatus:
          p.amountFen === 0 ? '无需兑付' : paidFen >= p.amountFen ? '已兑付' : paidFen > 0 ? '部分兑付' : '未兑付',
        verificationCode: proof?.verificationCode ?? null,
        verifyUrl,
        qrSvg: verifyUrl && withQrSvg ? await QRCode.toString(verifyUrl, { type: 'svg', margin: 1 }) : null,
        head: run.postedHeadHash,
        headSeq: run.postedHeadSeq,
        merkleRoot: run.merkleRoot,
        leafIndex: proof?.leafIndex ?? null,
        treeSize,
        auditPath: proof?.auditPath ? proof.auditPath.split(',') : [],
        resolutionRef: run.resolutionRef,
        printedOn: this.clock.todayIso(),
      });
    }
    return models;
  }

  async slipHtml(actor: Actor, runId: string, householdId: string, baseUrl: string): Promise<string> {
    const [model] = await this.slipModels(actor, runId, baseUrl, [householdId]);
    return slipHtml(model);
  }

  async slipsPdf(
    actor: Actor,
    runId: string,
    baseUrl: string,
    householdIds?: string[],
    onPage?: () => void,
  ): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.slipsPdfStream(actor, runId, baseUrl, householdIds, onPage)) {
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /**
   * The slips as one PDF stream: access is checked (and a refusal thrown) before it starts; the slips are then
   * built and drawn a page of households at a time, so 25,000 slips never sit in memory together.
   */
  async slipsPdfStream(
    actor: Actor,
    runId: string,
    baseUrl: string,
    householdIds?: string[],
    onPage?: () => void,
  ): Promise<Readable> {
    const source = await this.slipSource(actor, runId, householdIds);
    return slipsPdfStream(this.slipPages(source, baseUrl), onPage);
  }

  private async *slipPages(source: SlipSource, baseUrl: string): AsyncGenerator<SlipPage[]> {
    for (let offset = 0; offset < source.payouts.length; offset += SLIP_PAGE) {
      const models = await this.slipModelsPage(source, baseUrl, offset, SLIP_PAGE, false);
      // Vector QR modules for the PDF: no PNG encoding per slip.
      yield models.map((model) => ({ model, qr: model.verifyUrl ? qrMatrix(model.verifyUrl) : null }));
    }
  }

  /** One PDF per household in a ZIP (file names: household code), for sending slips one by one. */
  async slipsZip(actor: Actor, runId: string, baseUrl: string, onFile?: () => void): Promise<Buffer> {
    const models = await this.slipModels(actor, runId, baseUrl, undefined, false);
    const zip = new JSZip();
    for (const model of models) {
      zip.file(
        `${model.householdCode}.pdf`,
        await slipsPdf([{ model, qr: model.verifyUrl ? qrMatrix(model.verifyUrl) : null }]),
      );
      onFile?.();
    }
    return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  }

  /** The notice with all its rows (the XLSX); the HTML and the PDF stream them (noticeSource). */
  async noticeModel(actor: Actor, runId: string): Promise<NoticeModel> {
    const { head, source } = await this.noticeSource(actor, runId);
    const rows: NoticeRow[] = [];
    for await (const page of source.pages()) rows.push(...page);
    return { ...head, rows };
  }

  /** The notice's head and its rows a page of households at a time (heads' names read per page). */
  async noticeSource(actor: Actor, runId: string): Promise<{ head: NoticeHead; source: NoticeRowSource }> {
    if (actor.role === 'household') throw notFound('notice', '公示表');
    const { run, village, stored } = await this.load(actor, runId);
    const calc = stored.calc;
    const households = this.dataSource.getRepository(Household);
    const source: NoticeRowSource = {
      amountsFen: calc.payouts.map((p) => p.amountFen),
      async *pages() {
        for (let i = 0; i < calc.payouts.length; i += NOTICE_PAGE) {
          const payouts = calc.payouts.slice(i, i + NOTICE_PAGE);
          const found = await households.findBy({ id: In(payouts.map((p) => p.householdId)) });
          const heads = new Map(found.map((h) => [h.id, h.headName]));
          yield payouts.map((p) => ({
            householdCode: p.householdCode,
            headName: heads.get(p.householdId) ?? '',
            units: p.units,
            score: p.score,
            amount: fenToYuan(p.amountFen),
          }));
        }
      },
    };
    const window = await this.scoring.latestWindow(this.dataSource.manager, run.villageId, run.year);
    const head: NoticeHead = {
      villageName: village.name,
      year: run.year,
      runId: run.id,
      status: run.status,
      scheme: schemeInWords(stored.scoring, stored.request.basis),
      basis: stored.request.basis,
      distributable: fenToYuan(calc.distributableFen),
      lossMakeup: fenToYuan(calc.lossMakeupFen),
      reserve: fenToYuan(calc.reserveFen),
      reservePercent: stored.request.reservePercent ?? '0',
      deductions: calc.deductions.map((d) => ({ name: d.name, amount: fenToYuan(d.amountFen) })),
      guaranteed: calc.guaranteed.map((d) => ({ holder: d.holder, amount: fenToYuan(d.amountFen) })),
      pool: fenToYuan(calc.poolFen),
      retained: fenToYuan(calc.retainedFen),
      warnings: stored.warnings,
      head: run.postedHeadHash,
      headSeq: run.postedHeadSeq,
      merkleRoot: run.merkleRoot,
      publicity: window ? { startDate: window.startDate, endDate: window.endDate } : null,
      resolutionRef: run.resolutionRef,
      printedOn: this.clock.todayIso(),
    };
    return { head, source };
  }

  /** The notice and the name to save it under (village and year, as printed on it); HTML and PDF stream. */
  async notice(
    actor: Actor,
    runId: string,
    format: 'html' | 'pdf' | 'xlsx',
  ): Promise<{ body: Readable | Buffer; fileStem: string }> {
    if (format === 'xlsx') {
      const model = await this.noticeModel(actor, runId);
      return { body: await noticeXlsx(model), fileStem: noticeFileStem(model) };
    }
    const { head, source } = await this.noticeSource(actor, runId);
    const body =
      format === 'pdf'
        ? noticePdfStream(head, source)
        : Readable.from(noticeHtmlChunks(head, source), { objectMode: false });
    return { body, fileStem: noticeFileStem(head) };
  }

  /** The name to save a run's slips under: village and year. */
  async slipsFileStem(actor: Actor, runId: string): Promise<string> {
    const { run, village } = await this.load(actor, runId);
    return `${village.name}${run.year}年度分红明细单`;
  }

  baseUrl(request: { protocol?: string; headers: Record<string, unknown> }): string {
    if (this.config.publicBaseUrl) return this.config.publicBaseUrl.replace(/\/$/, '');
    const host = String(request.headers.host ?? 'localhost').replace(/[^A-Za-z0-9.:\-[\]]/g, '');
    return `${request.protocol ?? 'http'}://${host}`;
  }
}

const noticeFileStem = (m: NoticeHead) => `${m.villageName}${m.year}年度公示表`;

/** Households per page of notice rows while the HTML or the PDF streams. */
const NOTICE_PAGE = 500;

type SlipSource = Awaited<ReturnType<PrintoutsService['load']>> & {
  payouts: CalcPayout[];
  totalUnits: number;
};

/** Households per page of slip models while a PDF streams: the models and QR matrices of one page in memory. */
const SLIP_PAGE = 500;

export function qrMatrix(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => !!modules.data[row * modules.size + col] };
}

/**
 * The notice as XLSX: numeric cells with number formats, a header repeated on print, totals that reconcile;
 * a run that is not posted says 草稿 in its sheet name, its title row and the printed page header.
 */
export async function noticeXlsx(m: NoticeModel): Promise<Buffer> {
  const mark = runMark(m.status);
  const title = `${mark ? `【${mark}】` : ''}${m.villageName} ${m.year} 年度集体收益分配公示表`;
  const workbook = newWorkbook(title);
  const sheet = workbook.addWorksheet(safeSheetName(mark ? `公示表（${mark}）` : '公示表'), {
    pageSetup: A4_FIT_WIDTH,
    headerFooter: {
      oddHeader: mark ? `&C&"-,Bold"&KC00000${markNote(mark)}` : '',
      oddFooter: PAGE_FOOTER.oddFooter,
    },
  });
  sheet.addRow([safeCell(title)]);
  sheet.mergeCells('A1:F1');
  sheet.getRow(1).font = { bold: true, size: 14, color: mark ? { argb: 'FFC00000' } : undefined };
  sheet.addRow([`分配办法：${m.scheme}`]);
  const header = sheet.addRow(['序号', '户编号', '户主', m.basis === 'member' ? '人数' : '股数', '积分', '金额（元）']);
  header.font = { bold: true };
  sheet.pageSetup.printTitlesRow = '3:3';
  m.rows.forEach((r, i) =>
    sheet.addRow([
      i + 1,
      safeCell(r.householdCode),
      safeCell(r.headName),
      Number(r.units),
      r.score,
      yuanToFen(r.amount) / 100,
    ]),
  );
  const first = 4;
  const last = first + m.rows.length - 1;
  const totalFen = m.rows.reduce((s, r) => s + yuanToFen(r.amount), 0);
  sheet.addRow([
    '合计',
    '',
    '',
    '',
    '',
    { formula: m.rows.length ? `SUM(F${first}:F${last})` : '0', result: totalFen / 100 },
  ]).font = { bold: true };
  sheet.addRow([]);
  for (const [label, amount] of noticeSummary(m)) {
    sheet.addRow(['', safeCell(label), '', '', '', yuanToFen(amount) / 100]);
  }
  if (m.head) sheet.addRow(['', `账本链头（第 ${m.headSeq} 号）`, m.head]);
  sheet.getColumn(6).numFmt = '#,##0.00';
  sheet.getColumn(4).numFmt = '0.####';
  sheet.columns.forEach((c, i) => (c.width = [6, 12, 14, 8, 8, 18][i] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
