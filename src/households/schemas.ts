import { MEMBER_STATUSES } from './household.entity.js';

/** OpenAPI response bodies of the household routes (what HouseholdsService returns). */
const uuid = { type: 'string', format: 'uuid' };
const date = { type: 'string', format: 'date', nullable: true };
const text = { type: 'string', nullable: true };

export const MEMBER_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'relation', 'isMember', 'status'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    relation: { type: 'string', example: '户主' },
    isMember: { type: 'boolean', description: 'counts as a collective-economy member' },
    status: { type: 'string', enum: [...MEMBER_STATUSES] },
    statusDate: date,
    statusReason: text,
    since: date,
    sinceReason: text,
    until: date,
    previousMemberId: { ...uuid, nullable: true },
    idNumber: {
      ...text,
      example: '1521**********1234',
      description: '居民身份证号: masked except for accountant and admin (whose reads are audited)',
    },
  },
};

const HOUSEHOLD_PROPERTIES = {
  id: uuid,
  villageId: uuid,
  code: { type: 'string', example: 'H0001' },
  headName: { type: 'string' },
  headMemberId: { ...uuid, nullable: true },
  headEnded: {
    type: 'boolean',
    description: "the head's membership has ended (died, moved out): name a new head with POST …/head",
  },
  tags: { type: 'array', items: { type: 'string' } },
  bankName: { ...text, example: '中国农业银行阿拉善左旗支行' },
  bankAccount: {
    ...text,
    example: '6222********1234',
    description: 'masked except for accountant and admin (whose reads are audited)',
  },
  members: { type: 'array', items: MEMBER_SCHEMA },
};

export const HOUSEHOLD_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'code', 'headName', 'members'],
  properties: HOUSEHOLD_PROPERTIES,
};

export const HOUSEHOLD_DETAIL_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'code', 'headName', 'members', 'history'],
  properties: {
    ...HOUSEHOLD_PROPERTIES,
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid,
          householdId: uuid,
          at: { type: 'string', format: 'date-time' },
          actorId: uuid,
          action: { type: 'string', example: 'create' },
          change: { type: 'object' },
        },
      },
    },
  },
};

export const HOUSEHOLD_LIST_SCHEMA = {
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: HOUSEHOLD_SCHEMA }, total: { type: 'integer' } },
};
