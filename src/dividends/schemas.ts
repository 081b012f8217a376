/** OpenAPI response bodies of the dividend-run routes. Money is a decimal string with 2 places. */
const uuid = { type: 'string', format: 'uuid' };
const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$', example: '300.00' };
const decimal = { type: 'string', example: '3' };
const dateTime = { type: 'string', format: 'date-time', nullable: true };
const date = { type: 'string', format: 'date', nullable: true };

const RUN_PROPERTIES = {
  id: uuid,
  villageId: uuid,
  villageCode: { type: 'string' },
  village: { type: 'string' },
  year: { type: 'integer' },
  status: { type: 'string', enum: ['draft', 'published', 'approved', 'posted', 'paid', 'reversed'] },
  distributable: money,
  lossMakeup: money,
  reserve: money,
  reservePercent: decimal,
  deductions: { type: 'array', items: { type: 'object' } },
  guaranteed: { type: 'array', items: { type: 'object' } },
  available: money,
  pool: money,
  retained: money,
  basis: { type: 'string', example: 'member' },
  scoring: { type: 'object', example: { mode: 'none' } },
  distribute: { type: 'object', example: { amount: '300.00' } },
  totalWeight: decimal,
  warnings: { type: 'array', items: { type: 'object' } },
  algorithm: { type: 'string', example: 'dividend-calc/1' },
  snapshotHash: { type: 'string' },
  createdBy: uuid,
  createdAt: { type: 'string', format: 'date-time' },
  approvedBy: { ...uuid, nullable: true },
  approvedAt: dateTime,
  resolutionRef: { type: 'string', nullable: true },
  meeting: { type: 'object', nullable: true },
  postedAt: dateTime,
  head: { type: 'string', nullable: true, description: 'ledger head hash after posting' },
  headSeq: { type: 'integer', nullable: true },
  merkleRoot: { type: 'string', nullable: true },
  reversedAt: dateTime,
  reverseReason: { type: 'string', nullable: true },
  recordDate: date,
  proRate: { type: 'string', example: 'none' },
  inputsFingerprint: { type: 'string', nullable: true },
  publishedOn: date,
  objectionsUntil: date,
  noticeUntil: date,
};

export const RUN_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'year', 'status'],
  properties: RUN_PROPERTIES,
};

const PAYOUT_SCHEMA = {
  type: 'object',
  properties: {
    householdId: uuid,
    householdCode: { type: 'string' },
    units: decimal,
    score: { type: 'number' },
    factor: decimal,
    weight: decimal,
    amount: money,
    verificationCode: { type: 'string', example: 'ZSJM-G4F7-XWCG-TZ7E' },
  },
};

export const RUN_DETAIL_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'year', 'status', 'payouts'],
  properties: {
    ...RUN_PROPERTIES,
    payouts: { type: 'array', items: PAYOUT_SCHEMA },
    payoutsTotal: { type: 'integer', description: 'with ?limit/offset: how many payouts the run has' },
  },
};

export const PAYOUT_PAGE_SCHEMA = {
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: PAYOUT_SCHEMA }, total: { type: 'integer' } },
};

export const RUN_LIST_SCHEMA = {
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: RUN_SCHEMA }, total: { type: 'integer' } },
};
