import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { fenToYuanGrouped, yuanToFen } from '../common/money.js';
import { chineseAmount } from '../common/chinese-amount.js';
import { PublicRateLimitGuard } from '../common/rate-limit.guard.js';
import { VerifyService } from '../dividends/verify.service.js';
import { escapeHtml, page } from '../printouts/html.js';

/** ¥ and grouped yuan, then the amount in 大写. */
function amountText(amount: string): string {
  const fen = yuanToFen(amount);
  return `¥${fenToYuanGrouped(fen)}（人民币${chineseAmount(fen)}）`;
}

/** The public page a slip's QR code opens: /v/CODE (Chinese, no login, head's name masked). */
@ApiExcludeController()
@Controller('v')
@UseGuards(PublicRateLimitGuard)
export class VerifyPageController {
  constructor(private readonly verifier: VerifyService) {}

  @Public()
  @Get(':code')
  async page(@Param('code') code: string, @Res() reply: FastifyReply) {
    let body: string;
    let status = 200;
    let scripts: string[] = [];
    try {
      const d = await this.verifier.verify(String(code).slice(0, 64));
      body = `<h1>分红核验结果</h1>
        <p class="ok" data-result="valid">✔ 核验码有效：这是已过账的真实分红记录</p>
        <table><tbody>
          <tr><th>嘎查/村</th><td>${escapeHtml(d.village)}（${escapeHtml(d.villageCode)}）</td></tr>
          <tr><th>年度</th><td>${d.year}</td></tr>
          <tr><th>户编号</th><td>${escapeHtml(d.householdCode)}</td></tr>
          <tr><th>户主</th><td>${escapeHtml(d.headName ?? '')}</td></tr>
          <tr><th>金额</th><td data-testid="amount">${amountText(d.amount)}</td></tr>
          <tr><th>核验码</th><td class="code">${escapeHtml(d.code)}</td></tr>
          <tr><th>账本链头</th><td class="hash">第 ${d.headSeq} 号 ${escapeHtml(d.head)}</td></tr>
          <tr><th>默克尔根</th><td class="hash">${escapeHtml(d.merkleRoot)}</td></tr>
        </tbody></table>
        <p id="offline-result" data-result="pending" data-proof="${escapeHtml(
          JSON.stringify({
            amount: d.amount,
            householdCode: d.householdCode,
            leafIndex: d.leafIndex,
            runId: d.runId,
            villageCode: d.villageCode,
            year: d.year,
            treeSize: d.treeSize,
            auditPath: d.auditPath,
            merkleRoot: d.merkleRoot,
          }),
        )}">正在浏览器本地验算…</p>
        <p>请将以上金额与您手中的分红明细单核对；如不一致，请向嘎查/村监督委员会或苏木乡镇农经站反映。</p>`;
      scripts = ['verify.js'];
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      status = error.kind === 'TooMany' ? 429 : 404;
      body = `<h1>分红核验结果</h1><p class="bad" data-result="invalid">✘ 核验码无效、不存在或该分红已冲销。请仔细核对核验码；如仍不符，明细单可能不是真实的。</p>`;
    }
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        page(
          '分红核验',
          `${body}<style>.ok{color:#080;font-weight:bold}.bad{color:#b00;font-weight:bold}</style>`,
          scripts,
        ),
      );
  }
}
