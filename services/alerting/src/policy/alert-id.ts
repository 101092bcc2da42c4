import { createHash } from 'node:crypto';

/**
 * An alert's id, from its card and first transaction: a retry after a
 * crash, or another instance, derives the same id for the same alert, so
 * subscribers can tell a repeat from a new alert.
 */
export function alertIdFor(cardToken: string, firstTransactionId: string): string {
  const digest = createHash('sha256').update(`${cardToken}\u0000${firstTransactionId}`).digest('hex');
  return `alert-${digest.slice(0, 32)}`;
}
