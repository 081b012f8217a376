import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '../common/canonical-json.js';
import { sha256Hex } from '../common/hash.js';
import {
  type CertificateContent,
  certificateHtml,
  certificateModel,
  registerLines,
  shortFingerprint,
} from './certificate.js';

const content: CertificateContent = {
  villageCode: 'BYHD',
  villageName: '巴彦霍德嘎查',
  householdCode: 'H01',
  headName: '李梅',
  members: [
    { name: '李梅', relation: '配偶', since: null, status: 'active' },
    { name: '张小宝', relation: '孙子', since: '2025-07-01', status: 'away' },
  ],
  holdings: [
    {
      shareClassCode: 'RK',
      shareClassName: '人口股',
      kind: 'member',
      quantity: '3',
      capitalAmount: '0.00',
      since: null,
    },
    {
      shareClassCode: 'ZJ',
      shareClassName: '资金股',
      kind: 'capital',
      quantity: '1',
      capitalAmount: '12500.00',
      since: '2022-07-01',
    },
  ],
  changes: [
    { date: '2021-01-01', kind: 'issue', shareClassCode: 'RK', quantity: '2', from: null, to: 'H01' },
    { date: '2025-06-20', kind: 'inherit', shareClassCode: 'RK', quantity: '1', from: 'H07', to: 'H01' },
  ],
  register: [{ date: '2025-06-10', text: '张三：死亡' }],
};

describe('the certificate fingerprint', () => {
  it('is the SHA-256 of the canonical JSON of what is printed, the print date left out', () => {
    const today = certificateModel(content, '2026-06-15');
    expect(today.sha256).toBe(sha256Hex(canonicalJson(content)));
    expect(certificateModel(content, '2026-07-01').sha256).toBe(today.sha256);
    const changed = certificateModel({ ...content, members: content.members.slice(1) }, '2026-06-15');
    expect(changed.sha256).not.toBe(today.sha256);
  });

  it('is read out as four groups of four hex digits', () => {
    expect(shortFingerprint('0123456789abcdef' + '0'.repeat(48))).toBe('0123 4567 89ab cdef');
  });
});

describe('registerLines', () => {
  const at = '2025-08-01T02:00:00.000Z';
  it('says each recorded change in words, dated by its own date', () => {
    const lines = registerLines(
      [
        { action: 'create', at: '2021-01-05T01:00:00.000Z', change: { code: 'H01', headName: '张三', members: 3 } },
        {
          action: 'member-add',
          at,
          change: { memberId: 'm4', name: '张小宝', relation: '孙子', date: '2025-07-01', reason: 'birth' },
        },
        {
          action: 'member-status',
          at,
          change: {
            memberId: 'm1',
            name: '张三',
            before: { status: 'active' },
            after: { status: 'deceased', statusDate: '2025-06-10', statusReason: null, until: '2025-06-10' },
          },
        },
        {
          action: 'member-status',
          at,
          change: {
            name: '张丽',
            after: { status: 'moved_out', statusDate: '2025-09-09', statusReason: 'marriage_out' },
          },
        },
        { action: 'member-status', at, change: { name: '张丽', after: { status: 'active', statusDate: null } } },
        {
          action: 'member-correct',
          at,
          change: { name: '张四', before: { name: '张四', relation: '子' }, after: { name: '张泗', relation: '长子' } },
        },
        {
          action: 'head',
          at,
          change: { date: '2025-06-20', before: { headName: '张三' }, after: { headName: '李梅' } },
        },
        {
          action: 'split-out',
          at,
          change: {
            date: '2025-04-01',
            code: 'H01-1',
            members: [
              { id: 'a', name: '张四' },
              { id: 'b', name: '王芳' },
            ],
          },
        },
        {
          action: 'split-in',
          at,
          change: { date: '2025-04-01', code: 'H01-1', members: [{ id: 'a', name: '张四' }], fromHouseholdId: 'h1' },
        },
        {
          action: 'household-update',
          at,
          change: { before: { headName: '李梅', tags: [] }, after: { headName: '李梅', tags: ['脱贫户'] } },
        },
        { action: 'something-new', at, change: {} },
      ],
      (id) => (id === 'h1' ? 'H01' : null),
    );
    expect(lines).toEqual([
      { date: '2021-01-05', text: '建户：户主 张三，3 人' },
      { date: '2025-07-01', text: '张小宝（孙子）入户：出生' },
      { date: '2025-06-10', text: '张三：死亡' },
      { date: '2025-09-09', text: '张丽：迁出（婚出）' },
      { date: '2025-08-01', text: '张丽：更正为在册' },
      { date: '2025-08-01', text: '更正 张四：姓名 张四 → 张泗；与户主关系 子 → 长子' },
      { date: '2025-06-20', text: '户主变更：张三 → 李梅' },
      { date: '2025-04-01', text: '分户：张四、王芳 分出，另立新户 H01-1' },
      { date: '2025-04-01', text: '分户：由 H01 分出立户（张四）' },
      { date: '2025-08-01', text: '户信息更新：标签 无 → 脱贫户' },
      { date: '2025-08-01', text: 'something-new' },
    ]);
  });
});

describe('certificateHtml', () => {
  const html = certificateHtml(certificateModel({ ...content, headName: '<script>x</script>' }, '2026-06-15'));
  it('prints shares by class, their changes, the fingerprint and the register history', () => {
    for (const text of [
      '巴彦霍德嘎查 股份经济合作社 股权证',
      '人口股（RK）',
      '12,500.00',
      '2022-07-01',
      '建册时',
      '继承',
      'H07',
      '本集体',
      '外出',
      '户籍变更记录',
      '张三：死亡',
    ]) {
      expect(html).toContain(text);
    }
  });
  it('escapes text and has no inline script or handler (the CSP forbids them)', () => {
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toMatch(/<script>|\son[a-z]+=/i);
    expect(html).toContain('<button type="button" data-action="print">打印</button>');
    expect(html).toContain('<script src="/web/assets/print.js"></script>');
  });
});
