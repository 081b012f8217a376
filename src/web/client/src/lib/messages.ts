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

/** A household's history entry in words (never raw JSON). */
export function historyText(action: string | undefined, change: Record<string, unknown> | undefined): string {
  const c = change ?? {};
  const name = (c.name ?? c.memberName ?? '') as string;
  const date = (c.date ?? '') as string;
  const reason = STATUS_REASONS[String(c.reason ?? '')] ?? '';
  const words: Record<string, string> = {
    'household.create': '建立户籍',
    'household.update': '修改户信息',
    'household.head': `户主变更为 ${name}`,
    'household.split': `分户 ${String(c.code ?? c.newCode ?? '')}`,
    'member.add': `新增成员 ${name}`,
    'member.update': `成员 ${name} 信息变更`,
    'member.status': `成员 ${name} ${MEMBER_STATUS[String(c.status ?? '')] ?? ''}`,
  };
  const head = words[action ?? ''] ?? actionName(action);
  return [date, head, reason && `（${reason}）`].filter(Boolean).join(' ').replace(' （', '（');
}

function actionName(action: string | undefined): string {
  if (!action) return '变更';
  if (action.includes('member')) return '成员变更';
  if (action.includes('head')) return '户主变更';
  if (action.includes('split')) return '分户';
  return '户信息变更';
}
