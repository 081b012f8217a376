/** OpenAPI response body of a posted income or expense: the journal entry it made. */
export const POSTED_ENTRY_SCHEMA = {
  type: 'object',
  required: ['id', 'entryId', 'seq', 'hash'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    entryId: { type: 'string', format: 'uuid' },
    seq: { type: 'integer', description: 'position in the village hash chain' },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};
