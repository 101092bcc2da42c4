import type { Transaction } from '@fraud/contracts';

/** What window state keeps of a transaction. */
export interface WindowEvent {
  readonly transactionId: string;
  readonly timeMs: number;
  readonly amountMinor: number;
  readonly merchantId: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  /**
   * The record's position in its partition, where the caller knows it: a
   * redelivered transaction's features are those as of its position
   * (reference/card-window.ts).
   */
  readonly position?: string;
}

export function toWindowEvent(transaction: Transaction): WindowEvent {
  return {
    transactionId: transaction.transactionId,
    timeMs: Date.parse(transaction.timestamp),
    amountMinor: transaction.amountMinor,
    merchantId: transaction.merchantId,
    country: transaction.location.country,
    lat: transaction.location.lat,
    lon: transaction.location.lon,
  };
}
