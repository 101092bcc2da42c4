import type { z } from 'zod';

interface CarriesTransaction {
  transactionId: string;
  cardToken: string;
  timestamp: string;
  transaction: { transactionId: string; cardToken: string; timestamp: string };
}

const COPIED_FIELDS = ['transactionId', 'cardToken', 'timestamp'] as const;

/**
 * The top-level `transactionId`, `cardToken` and `timestamp` of an event that
 * carries its transaction are copies of the transaction's, kept at the top so
 * consumers can key and order records without reading the nested object.
 * A mismatch would key a record under one card and score another.
 */
export function requireSameTransaction(event: CarriesTransaction, ctx: z.RefinementCtx<CarriesTransaction>): void {
  for (const field of COPIED_FIELDS) {
    if (event[field] !== event.transaction[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `expected to equal transaction.${field}` });
    }
  }
}
