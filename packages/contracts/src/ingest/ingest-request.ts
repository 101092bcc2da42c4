import { z } from 'zod';

import { ingestObject, rejectSensitiveData } from './ingest-object.js';
import { IngestTransactionSchema, type IngestTransaction } from './ingest-transaction.js';

/** Most transactions one request may carry; larger batches are split by the client. */
export const MAX_INGEST_BATCH_SIZE = 500;

export const IngestBatchSchema = ingestObject({
  transactions: z
    .array(IngestTransactionSchema)
    .min(1, 'expected at least 1 transaction')
    .max(MAX_INGEST_BATCH_SIZE, `expected at most ${MAX_INGEST_BATCH_SIZE} transactions`),
})
  // Each listed transaction checks itself; look everywhere else.
  .check(rejectSensitiveData((path) => path.length === 2 && path[0] === 'transactions' && typeof path[1] === 'number'))
  .meta({ title: 'IngestBatch', description: `Up to ${MAX_INGEST_BATCH_SIZE} transactions in one request.` });

/** The body of `POST /v1/transactions`: one transaction, or `{ transactions: [...] }`. */
export const IngestRequestSchema = z.union([IngestBatchSchema, IngestTransactionSchema]).meta({
  title: 'IngestRequest',
  description: 'Body of POST /v1/transactions: one transaction, or { "transactions": [...] }.',
});

export type IngestRequest = IngestTransaction | { transactions: IngestTransaction[] };

/**
 * The member of the union a body is meant as. Parsing against it alone names
 * the body's real problems instead of reporting that it matches neither form.
 */
export function ingestRequestSchemaFor(input: unknown): z.ZodType {
  const isBatch =
    typeof input === 'object' && input !== null && !Array.isArray(input) && Object.hasOwn(input, 'transactions');
  return isBatch ? IngestBatchSchema : IngestTransactionSchema;
}
