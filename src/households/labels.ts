/** Chinese labels of the register's codes (export, certificate). Pure. */
import type { MemberStatus } from './household.entity.js';

export const STATUS_LABELS: Record<MemberStatus, string> = {
  active: '在册',
  away: '外出',
  moved_out: '迁出',
  deceased: '死亡',
};

export const REASON_LABELS: Record<string, string> = {
  birth: '出生',
  marriage_in: '婚入',
  adoption: '收养',
  return: '回迁',
  split: '分户',
  study: '上学',
  army: '服兵役',
  work: '务工',
  prison: '服刑',
  marriage_out: '婚出',
  settled_elsewhere: '落户他处',
  withdrew: '自愿退出',
  other: '其他',
};
