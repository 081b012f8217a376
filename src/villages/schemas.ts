/** OpenAPI response bodies of the village routes (VillageView). */
const CHARTER_SCHEMA = {
  type: 'object',
  description: '章程: settings that later rules read',
  properties: {
    minReservePercent: { type: 'string', example: '15', description: '公积公益金 minimum, percent' },
    holdingCapPercent: { type: 'string', nullable: true, example: '3', description: "cap on one holder's part" },
    publicityDays: { type: 'integer', example: 5 },
    defaultScheme: { type: 'string', enum: ['none', 'proportional', 'tiered', 'split'] },
    defaultScoreShare: { type: 'string', nullable: true, example: '0.3' },
    planPublicityDays: { type: 'integer', example: 10 },
  },
};

export const VILLAGE_SCHEMA = {
  type: 'object',
  required: ['id', 'code', 'name', 'township', 'charter', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string', example: 'V001' },
    name: { type: 'string' },
    township: { type: 'string', nullable: true },
    charter: CHARTER_SCHEMA,
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export const VILLAGE_LIST_SCHEMA = {
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: VILLAGE_SCHEMA }, total: { type: 'integer' } },
};
