/** OpenAPI response bodies of the share routes (ShareClass, HoldingView, HoldingChangeView). */
const uuid = { type: 'string', format: 'uuid' };
const nullableUuid = { ...uuid, nullable: true };
const list = (items: object) => ({
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items }, total: { type: 'integer' } },
});

export const SHARE_CLASS_SCHEMA = {
  type: 'object',
  required: ['id', 'villageId', 'code', 'name', 'kind'],
  properties: {
    id: uuid,
    villageId: uuid,
    code: { type: 'string', example: 'M' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['member', 'capital'] },
    guaranteedRate: { type: 'string', nullable: true, example: '0.08', description: 'capital classes only' },
  },
};

export const SHARE_CLASS_LIST_SCHEMA = list(SHARE_CLASS_SCHEMA);

export const HOLDING_SCHEMA = {
  type: 'object',
  required: ['id', 'shareClassCode', 'kind', 'householdId', 'externalHolder', 'quantity', 'capitalAmount', 'aboveCap'],
  properties: {
    id: uuid,
    shareClassCode: { type: 'string' },
    kind: { type: 'string', enum: ['member', 'capital'] },
    householdId: nullableUuid,
    externalHolder: { type: 'string', nullable: true, description: 'a holder outside the register (a fund)' },
    quantity: { type: 'string', example: '1.0000' },
    capitalAmount: { type: 'string', example: '1000.00', description: 'yuan' },
    date: { type: 'string', format: 'date', nullable: true },
    aboveCap: { type: 'boolean', description: "a member-share holder above the charter's cap" },
  },
};

export const HOLDING_LIST_SCHEMA = list(HOLDING_SCHEMA);

export const HOLDING_CHANGE_LIST_SCHEMA = list({
  type: 'object',
  required: ['id', 'holdingId', 'shareClassCode', 'kind', 'date', 'quantity', 'at'],
  properties: {
    id: uuid,
    holdingId: uuid,
    toHoldingId: nullableUuid,
    shareClassCode: { type: 'string' },
    shareClassName: { type: 'string' },
    kind: { type: 'string', enum: ['issue', 'transfer', 'inherit'] },
    date: { type: 'string', format: 'date' },
    fromHouseholdId: nullableUuid,
    fromHouseholdCode: { type: 'string', nullable: true },
    toHouseholdId: nullableUuid,
    toHouseholdCode: { type: 'string', nullable: true },
    externalHolder: { type: 'string', nullable: true },
    quantity: { type: 'string', example: '1.0000' },
    by: { type: 'string', nullable: true, description: 'who recorded it (username)' },
    at: { type: 'string', format: 'date-time' },
  },
});
