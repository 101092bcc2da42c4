import { z } from 'zod';

import { cardToken, isoTimestamp, merchantId, schemaVersion, transactionId } from '../fields.js';
import type { KnownFields } from '../known-fields.js';

/**
 * A confirmed fraud (an investigation's or a chargeback's outcome): the
 * payload of `fraud-confirmations`. It arrives days after its transaction,
 * which is what lets the pipeline learn from it without ever seeing a label
 * at scoring time.
 */
export const FraudConfirmationSchema = z
  .looseObject({
    schemaVersion,
    transactionId: transactionId.describe('The confirmed transaction.'),
    cardToken,
    merchantId: merchantId.describe('The merchant of the confirmed transaction.'),
    timestamp: isoTimestamp.describe("The transaction's event time."),
    confirmedAt: isoTimestamp.describe('When the fraud was confirmed; never before the transaction.'),
  })
  .superRefine(requireConfirmedAfterTransaction)
  .meta({
    title: 'FraudConfirmation',
    description:
      "A transaction confirmed as fraud (stream `fraud-confirmations`), read by the feature engine as merchant fraud feedback; written by a bank's case system (the simulator in the demo).",
  });

export type FraudConfirmation = KnownFields<z.output<typeof FraudConfirmationSchema>>;

/** A fraud is confirmed after its transaction happened; an earlier `confirmedAt` is a producer's clock or key bug. */
function requireConfirmedAfterTransaction(
  event: { timestamp: string; confirmedAt: string },
  ctx: z.RefinementCtx<{ timestamp: string; confirmedAt: string }>,
): void {
  if (Date.parse(event.confirmedAt) < Date.parse(event.timestamp)) {
    ctx.addIssue({ code: 'custom', path: ['confirmedAt'], message: 'expected at or after timestamp' });
  }
}
