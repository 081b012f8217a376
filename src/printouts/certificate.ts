/** The household's share certificate (股权证) as data, fingerprint and HTML. Pure. */
import { canonicalSha256 } from '../common/hash.js';
import { fenToYuanGrouped, yuanToFen } from '../common/money.js';
import { REASON_LABELS, STATUS_LABELS } from '../households/labels.js';
import type { MemberStatus } from '../households/household.entity.js';
import { escapeHtml, page } from './html.js';

/**
 * What the certificate states. Its SHA-256 (canonical JSON, as the ledger hashes) is printed on it: the
 * same register gives the same fingerprint on every print, any recorded change gives another one.
 * The print date is left out on purpose.
 */
export interface CertificateContent {
  villageCode: string;
  villageName: string;
  householdCode: string;
  headName: string;
  /** Members who count today (the ones who share in a member-basis dividend). */
  members: { name: string; relation: string; since: string | null; status: MemberStatus }[];
  holdings: {
    shareClassCode: string;
    shareClassName: string;
    kind: 'member' | 'capital';
    quantity: string;
    capitalAmount: string;
    /** Issued or paid in on this date; null: held from the beginning of the register. */
    since: string | null;
  }[];
  /** Holding changes touching the household, oldest first; from/to are household codes or an outside holder. */
  changes: {
    date: string;
    kind: 'issue' | 'transfer' | 'inherit';
    shareClassCode: string;
    quantity: string;
    from: string | null;
    to: string | null;
  }[];
  /** The household's register history (joins, ends, corrections, head changes, splits) in words. */
  register: { date: string; text: string }[];
}

export interface CertificateModel {
  content: CertificateContent;
  sha256: string;
  printedOn: string;
}

export function certificateModel(content: CertificateContent, printedOn: string): CertificateModel {
  return { content, sha256: canonicalSha256(content), printedOn };
}

/** A household_changes row as the register stores it (`change` is that action's summary). */
export interface RegisterChange {
  action: string;
  at: string;
  change: unknown;
}

type Summary = {
  date?: string;
  name?: string;
  relation?: string;
  reason?: string;
  code?: string;
  headName?: string;
  members?: number | { name: string }[];
  fromHouseholdId?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
};

const yesNo = (v: unknown) => (v ? '是' : '否');
const reasonLabel = (r: unknown) => (typeof r === 'string' ? (REASON_LABELS[r] ?? r) : '');

/** One line per recorded change, dated by the change's own date when it has one (else the day it was recorded). */
export function registerLines(
  changes: readonly RegisterChange[],
  codeOf: (householdId: string) => string | null,
): { date: string; text: string }[] {
  return changes.map((c) => {
    const s = (c.change ?? {}) as Summary;
    const recorded = c.at.slice(0, 10);
    const names = Array.isArray(s.members) ? s.members.map((m) => m.name).join('、') : '';
    switch (c.action) {
      case 'create':
        return {
          date: recorded,
          text: `建户：户主 ${s.headName ?? ''}，${typeof s.members === 'number' ? s.members : 0} 人`,
        };
      case 'member-add':
        return { date: s.date ?? recorded, text: `${s.name}（${s.relation}）入户：${reasonLabel(s.reason)}` };
      case 'member-status': {
        const after = s.after ?? {};
        const status = after.status as MemberStatus;
        if (status === 'active') return { date: recorded, text: `${s.name}：更正为在册` };
        const why = after.statusReason ? `（${reasonLabel(after.statusReason)}）` : '';
        return {
          date: (after.statusDate as string) ?? recorded,
          text: `${s.name}：${STATUS_LABELS[status] ?? status}${why}`,
        };
      }
      case 'member-correct': {
        const before = s.before ?? {};
        const after = s.after ?? {};
        const parts: string[] = [];
        if ('name' in after) parts.push(`姓名 ${String(before.name)} → ${String(after.name)}`);
        if ('relation' in after) parts.push(`与户主关系 ${String(before.relation)} → ${String(after.relation)}`);
        if ('isMember' in after) parts.push(`成员资格 ${yesNo(before.isMember)} → ${yesNo(after.isMember)}`);
        return { date: recorded, text: `更正 ${s.name}：${parts.join('；')}` };
      }
      case 'head':
        return {
          date: s.date ?? recorded,
          text: `户主变更：${String(s.before?.headName ?? '')} → ${String(s.after?.headName ?? '')}`,
        };
      case 'split-out':
        return { date: s.date ?? recorded, text: `分户：${names} 分出，另立新户 ${s.code}` };
      case 'split-in':
        return {
          date: s.date ?? recorded,
          text: `分户：由 ${(s.fromHouseholdId && codeOf(s.fromHouseholdId)) ?? '原户'} 分出立户（${names}）`,
        };
      case 'household-update': {
        const parts: string[] = [];
        if (s.before?.headName !== s.after?.headName) {
          parts.push(`户主 ${String(s.before?.headName)} → ${String(s.after?.headName)}`);
        }
        const tags = (v: unknown) => (Array.isArray(v) && v.length ? v.join('、') : '无');
        if (tags(s.before?.tags) !== tags(s.after?.tags)) {
          parts.push(`标签 ${tags(s.before?.tags)} → ${tags(s.after?.tags)}`);
        }
        return { date: recorded, text: `户信息更新：${parts.join('；') || '无变化'}` };
      }
      default:
        return { date: recorded, text: c.action };
    }
  });
}

export const KIND_LABELS = { member: '成员股', capital: '资金股' } as const;
export const CHANGE_LABELS = { issue: '配股', transfer: '转让', inherit: '继承' } as const;

export const sinceText = (since: string | null) => since ?? '建册时';
export const amountText = (h: CertificateContent['holdings'][number]) =>
  h.kind === 'capital' || h.capitalAmount !== '0.00' ? fenToYuanGrouped(yuanToFen(h.capitalAmount)) : '—';
export const fromText = (c: CertificateContent['changes'][number]) => c.from ?? (c.kind === 'issue' ? '本集体' : '—');
export const toText = (c: CertificateContent['changes'][number]) => c.to ?? '—';

/** The fingerprint in groups of four, the first 16 hex digits: short enough to read out on the phone. */
export function shortFingerprint(sha256: string): string {
  return sha256.slice(0, 16).replace(/(.{4})(?!$)/g, '$1 ');
}

export const VERIFY_NOTE =
  '内容指纹为本证所载内容（不含打印日期）的 SHA-256。本户登录“我家”或请村（嘎查）重新打印本证，指纹相同即登记未变；' +
  '指纹不同说明成员或股权已有登记变动，请核对变动记录。';

export function certificateHtml(m: CertificateModel): string {
  const c = m.content;
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`).join('');
  const empty = (n: number, text: string) => `<tr><td colspan="${n}">${text}</td></tr>`;
  return page(
    `${c.villageName} 股权证 ${c.householdCode}`,
    `<h1>${escapeHtml(c.villageName)} 股份经济合作社 股权证</h1>
    <div class="meta"><span>户编号：<b>${escapeHtml(c.householdCode)}</b></span><span>户主：<b>${escapeHtml(c.headName)}</b></span>
      <span>村（嘎查）代码：${escapeHtml(c.villageCode)}</span><span>计入成员：${c.members.length} 人</span></div>
    <h2>家庭成员（今日在册）</h2>
    <table><thead><tr><th>姓名</th><th>与户主关系</th><th>入户日期</th><th>状态</th></tr></thead><tbody>
    ${c.members.length ? rows(c.members.map((x) => [x.name, x.relation, sinceText(x.since), STATUS_LABELS[x.status]])) : empty(4, '无')}
    </tbody></table>
    <h2>持有股份</h2>
    <table><thead><tr><th>股种</th><th>类别</th><th class="num">股数</th><th class="num">出资额（元）</th><th>起始日期</th></tr></thead><tbody>
    ${
      c.holdings.length
        ? c.holdings
            .map(
              (h) =>
                `<tr><td>${escapeHtml(`${h.shareClassName}（${h.shareClassCode}）`)}</td><td>${KIND_LABELS[h.kind]}</td><td class="num">${escapeHtml(h.quantity)}</td><td class="num">${escapeHtml(amountText(h))}</td><td>${escapeHtml(sinceText(h.since))}</td></tr>`,
            )
            .join('')
        : empty(5, '无')
    }
    </tbody></table>
    <h2>股权变动记录</h2>
    <table><thead><tr><th>日期</th><th>变动</th><th>股种</th><th class="num">数量</th><th>转出方</th><th>转入方</th></tr></thead><tbody>
    ${
      c.changes.length
        ? c.changes
            .map(
              (x) =>
                `<tr><td>${x.date}</td><td>${CHANGE_LABELS[x.kind]}</td><td>${escapeHtml(x.shareClassCode)}</td><td class="num">${escapeHtml(x.quantity)}</td><td>${escapeHtml(fromText(x))}</td><td>${escapeHtml(toText(x))}</td></tr>`,
            )
            .join('')
        : empty(6, '无')
    }
    </tbody></table>
    <h2>核验</h2>
    <p>内容指纹：<span class="code" data-testid="fingerprint">${shortFingerprint(m.sha256)}</span></p>
    <p class="hash">SHA-256：${m.sha256}</p>
    <p style="font-size:12px">${VERIFY_NOTE}</p>
    <div class="sign"><div>发证单位（盖章）</div><div>户主签字</div></div>
    <p style="text-align:right">打印日期：${escapeHtml(m.printedOn)}</p>
    <h2>户籍变更记录</h2>
    <table><thead><tr><th>日期</th><th>内容</th></tr></thead><tbody>
    ${c.register.length ? rows(c.register.map((r) => [r.date, r.text])) : empty(2, '无')}
    </tbody></table>
    <p class="noprint"><button type="button" data-action="print">打印</button></p>`,
    ['print.js'],
  );
}
