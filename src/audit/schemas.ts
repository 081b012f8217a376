/** OpenAPI response bodies of the audit routes. */
const text = { type: 'string', nullable: true };

export const AUDIT_LIST_SCHEMA = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'actor', 'action', 'summary', 'hash'],
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          actor: { type: 'string', description: 'username' },
          actorId: { type: 'string', format: 'uuid', nullable: true },
          role: text,
          action: { type: 'string', example: 'village.create' },
          target: text,
          villageId: { type: 'string', format: 'uuid', nullable: true },
          requestId: text,
          ip: text,
          summary: { type: 'object' },
          hash: { type: 'string', description: 'sha256 chain hash (hex)' },
        },
      },
    },
  },
};

export const CHAIN_CHECK_SCHEMA = {
  type: 'object',
  required: ['ok', 'entries'],
  properties: {
    ok: { type: 'boolean' },
    entries: { type: 'integer' },
    firstBadSeq: { type: 'integer', description: 'when not ok: the first record that does not chain' },
  },
};
