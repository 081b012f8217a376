/** OpenAPI response bodies of the scoring routes (the interfaces of views.ts). */
const uuid = { type: 'string', format: 'uuid' };
const nullableUuid = { ...uuid, nullable: true };
const instant = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date' };
const list = (items: object) => ({
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items }, total: { type: 'integer' } },
});

const RULE_SCHEMA = {
  type: 'object',
  required: ['code', 'name', 'category', 'minPoints', 'maxPoints', 'capPerYear'],
  properties: {
    code: { type: 'string', example: 'A01' },
    name: { type: 'string' },
    category: { type: 'string', example: '环境卫生' },
    minPoints: { type: 'integer' },
    maxPoints: { type: 'integer' },
    capPerYear: { type: 'integer', nullable: true, description: 'points one household may gain a year' },
  },
};

const RULE_SET_PROPERTIES = {
  id: uuid,
  villageId: uuid,
  year: { type: 'integer', example: 2026 },
  baseScore: { type: 'integer', example: 100 },
  rules: { type: 'array', items: RULE_SCHEMA },
};

export const RULE_SET_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'year', 'baseScore', 'rules'],
  properties: RULE_SET_PROPERTIES,
};

export const RULE_SET_DETAIL_SCHEMA = {
  type: 'object',
  required: [...RULE_SET_SCHEMA.required, 'frozen'],
  properties: {
    ...RULE_SET_PROPERTIES,
    frozen: { type: 'boolean', description: 'a posted dividend run has used the year' },
  },
};

export const RULE_SET_LIST_SCHEMA = list({
  type: 'object',
  required: ['id', 'year', 'baseScore'],
  properties: { id: uuid, year: { type: 'integer' }, baseScore: { type: 'integer' } },
});

export const SCORE_EVENT_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'householdId', 'year', 'ruleCode', 'points', 'date', 'status', 'recordedBy'],
  properties: {
    id: uuid,
    villageId: uuid,
    householdId: uuid,
    year: { type: 'integer' },
    ruleCode: { type: 'string' },
    points: { type: 'integer' },
    date,
    evidence: { type: 'string' },
    attachmentRef: { type: 'string', nullable: true },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
    recordedBy: uuid,
    decidedBy: nullableUuid,
    decidedAt: { ...instant, nullable: true },
    decisionReason: { type: 'string', nullable: true },
    voidsEventId: { ...nullableUuid, description: 'the event a counter-event voids (upheld objection)' },
    createdAt: instant,
  },
};

export const SCORE_EVENT_LIST_SCHEMA = list(SCORE_EVENT_SCHEMA);

export const BULK_RECORDED_SCHEMA = {
  type: 'object',
  required: ['created', 'ids'],
  properties: { created: { type: 'integer' }, ids: { type: 'array', items: uuid } },
};

export const WINDOW_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'year', 'round', 'startDate', 'endDate', 'days', 'state'],
  properties: {
    id: uuid,
    villageId: uuid,
    year: { type: 'integer' },
    round: { type: 'integer', description: "1 for the year's first window, 2 for a second round, …" },
    startDate: date,
    endDate: date,
    days: { type: 'integer', description: 'both ends counted' },
    state: { type: 'string', enum: ['scheduled', 'open', 'closed'] },
    createdBy: uuid,
    createdAt: { ...instant, nullable: true },
  },
};

export const WINDOW_LIST_SCHEMA = list(WINDOW_SCHEMA);

const OBJECTION_PROPERTIES = {
  id: uuid,
  villageId: uuid,
  year: { type: 'integer' },
  eventId: uuid,
  reason: { type: 'string' },
  status: { type: 'string', enum: ['open', 'upheld', 'dismissed'] },
  raisedBy: uuid,
  raisedAt: instant,
  decidedBy: nullableUuid,
  decisionReason: { type: 'string', nullable: true },
};

export const OBJECTION_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'year', 'eventId', 'reason', 'status', 'raisedBy', 'raisedAt'],
  properties: OBJECTION_PROPERTIES,
};

export const DECIDED_OBJECTION_SCHEMA = {
  type: 'object',
  required: [...OBJECTION_SCHEMA.required, 'counterEventId'],
  properties: {
    ...OBJECTION_PROPERTIES,
    counterEventId: { ...nullableUuid, description: 'upheld: the approved counter-event that voids the event' },
  },
};

export const OBJECTION_LIST_SCHEMA = list(OBJECTION_SCHEMA);
