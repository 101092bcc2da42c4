import type { FraudAlert, ScoreSource } from '@fraud/contracts';

/**
 * A FraudAlert as this service publishes it: the contract's fields plus
 * where it stands (contracts.md allows added fields). Card data is limited
 * to the token, BIN and last four, carried from the score's transaction.
 */
export interface CardAlert extends FraudAlert {
  /** 1 when the alert opens, one more with each change published (a batch's hits of the card). */
  revision: number;
  /** The hits the alert holds, all of them (`transactionIds` lists the first MAX_TRANSACTION_IDS). */
  hits: number;
  /** When the latest hit was added (`createdAt` when it opened). */
  updatedAt: string;
  cardBin?: string;
  cardLast4?: string;
  /** Of the strongest hit, whose score and reasons the alert shows. */
  source: ScoreSource;
  modelVersion: string;
}
