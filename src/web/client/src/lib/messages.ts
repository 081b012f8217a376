// The API answers "中文 / English" (or a list of them): people see the Chinese half only.

export function chineseHalf(text: string): string {
  const at = text.indexOf(' / ');
  return (at >= 0 ? text.slice(0, at) : text).trim();
}

export function messageOf(body: unknown, status: number): string {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map((m) => chineseHalf(String(m))).join('；');
  if (typeof message === 'string' && message) return chineseHalf(message);
  if (status === 0) return '无法连接服务器，请检查网络后重试';
  if (status >= 500) return '服务器出错了，请稍后重试或联系管理员';
  return `请求未成功（${status}）`;
}

export const ROLE_NAMES: Record<string, string> = {
  admin: '管理员',
  accountant: '会计',
  cadre: '干部',
  scorer: '评议员',
  auditor: '审计',
  household: '农牧户',
};

export const MEMBER_STATUS: Record<string, string> = {
  active: '在册',
  away: '外出（保留成员身份）',
  moved_out: '已迁出',
  deceased: '已故',
};

export const STATUS_REASONS: Record<string, string> = {
  birth: '出生',
  marriage_in: '婚入',
  adoption: '收养',
  return: '回迁',
  marriage_out: '婚出',
  settled_elsewhere: '外地落户',
  withdrew: '自愿退出',
  study: '上学',
  army: '服兵役',
  work: '务工',
  prison: '服刑',
  other: '其他',
};

export const RUN_STATUS: Record<string, string> = {
  draft: '草稿',
  published: '公示中',
  approved: '已审批',
  posted: '已过账',
  paid: '已兑付',
  reversed: '已冲销',
};

export const SCHEMES: Record<string, string> = {
  none: '平均分配（按人数或股数）',
  split: '股份分红＋积分奖励',
  proportional: '按积分比例（有法律风险）',
  tiered: '积分档次系数（有法律风险）',
};

export const JOURNAL_KINDS: Record<string, string> = {
  income: '收入',
  expense: '支出',
  reversal: '冲销',
  dividend: '分红',
  payment: '兑付',
  close: '结账',
  manual: '转账',
  opening: '建账',
};

export const PAY_METHODS: Record<string, string> = { bank: '银行转账', cash: '现金', offset: '抵扣', in_kind: '实物' };

export const EVENT_STATUS: Record<string, string> = { pending: '待审核', approved: '已通过', rejected: '已退回' };

type Change = Record<string, unknown> & {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  members?: Array<{ name: string }> | number;
};

/** A household's history entry in words (never raw JSON); `at` is when it was recorded. */
export function historyText(action: string | undefined, change: Change | undefined): string {
  const c: Change = change ?? {};
  const after = c.after ?? {};
  const date = String(c.date ?? after.statusDate ?? '');
  const reason = STATUS_REASONS[String(c.reason ?? after.statusReason ?? '')];
  const names = Array.isArray(c.members) ? c.members.map((m) => m.name).join('、') : '';
  const text: Record<string, () => string> = {
    'household-update': () => `修改户信息：户主 ${String(after.headName ?? '')}，标签 ${tags(after.tags)}`,
    'member-add': () => `新增成员 ${String(c.name ?? '')}（${String(c.relation ?? '')}）`,
    'member-status': () => `成员 ${String(c.name ?? '')} 状态改为「${MEMBER_STATUS[String(after.status)] ?? ''}」`,
    'member-correct': () => `更正成员 ${String(c.name ?? '')} 的${corrected(after)}`,
    head: () => `户主由 ${String(c.before?.headName ?? '')} 变更为 ${String(after.headName ?? '')}`,
    'split-out': () => `分户：${names} 分出，另立 ${String(c.code ?? '')} 户`,
    'split-in': () => `分户：${names} 自原户分出，立为本户`,
    create: () => `建立户籍：户主 ${String(c.headName ?? '')}，${typeof c.members === 'number' ? c.members : 0} 人`,
    'household.create': () => '建立户籍',
    'household.import': () => '导入花名册',
  };
  const words = text[action ?? '']?.() ?? '户信息变更';
  return `${date ? date + ' ' : ''}${words}${reason ? `（${reason}）` : ''}`;
}

function tags(value: unknown): string {
  return Array.isArray(value) && value.length ? value.join('、') : '无';
}

function corrected(after: Record<string, unknown>): string {
  const parts: string[] = [];
  if ('name' in after) parts.push(`姓名为 ${String(after.name)}`);
  if ('relation' in after) parts.push(`与户主关系为 ${String(after.relation)}`);
  if ('isMember' in after) parts.push(after.isMember ? '成员身份（是）' : '成员身份（否）');
  return parts.join('，') || '信息';
}
