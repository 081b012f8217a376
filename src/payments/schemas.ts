import { PAYMENT_METHODS } from './payment.entity.js';

/** OpenAPI response bodies of the payment routes (what PaymentsService and BankBatchService return). */
const uuid = { type: 'string', format: 'uuid' };
const yuan = { type: 'string', example: '500.00' };

export const PAYMENT_RECORDED_SCHEMA = {
  type: 'object',
  required: ['id', 'entryId', 'householdId', 'method', 'receiptNo', 'amount', 'paid', 'owed'],
  properties: {
    id: uuid,
    entryId: uuid,
    householdId: uuid,
    method: { type: 'string', enum: [...PAYMENT_METHODS] },
    receiptNo: { type: 'string' },
    amount: yuan,
    paid: { ...yuan, description: 'paid to the household so far, this payment included' },
    owed: { ...yuan, description: 'still owed to the household' },
  },
};

export const PAYMENT_LIST_SCHEMA = {
  type: 'object',
  required: ['runId', 'items', 'unpaid', 'unpaidTotal', 'payments'],
  properties: {
    runId: uuid,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          householdId: uuid,
          householdCode: { type: 'string' },
          amount: yuan,
          paid: yuan,
          owed: yuan,
          status: { type: 'string', enum: ['paid', 'partial', 'unpaid'] },
        },
      },
    },
    unpaid: { type: 'array', items: { type: 'string' }, description: 'codes of households not paid in full' },
    unpaidTotal: yuan,
    payments: { type: 'array', items: { type: 'object' } },
  },
};

export const BATCH_RESULT_SCHEMA = {
  type: 'object',
  required: ['paid', 'paidAmount', 'failed', 'errors'],
  properties: {
    paid: { type: 'integer', description: 'bank payments recorded' },
    paidAmount: yuan,
    failed: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer' },
          account: { type: 'string', example: '6222********1234' },
          amount: yuan,
          reason: { type: 'string' },
        },
      },
    },
  },
};
