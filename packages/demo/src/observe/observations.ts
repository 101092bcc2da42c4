import type { AlertSeverity, Decision, ScoreSource } from '@fraud/contracts';

/** A transaction as appended to `transactions`. */
export interface ObservedTransaction {
  cardToken: string;
  /** Append time on `transactions`, ms since the epoch. */
  appendedAt: number;
}

/** The simulator's ground truth for a transaction. */
export interface ObservedLabel {
  isFraud: boolean;
  scenario: string;
}

/** The score of a transaction on `fraud-scores`. */
export interface ObservedScore {
  decision: Decision;
  source: ScoreSource;
  /** Whether the card had an earlier transaction in the 10-minute window (`card_txn_count_10m` ≥ 2). */
  earlierInWindow: boolean;
  appendedAt: number;
  /** Records of this transactionId on the stream: 1 when every stage did its work once. */
  copies: number;
}

/** One revision of an alert as appended to `fraud-alerts`. */
export interface ObservedAlertRevision {
  alertId: string;
  /** The alerting service's revision number (1 when opened); 0 when the record carries none. */
  revision: number;
  cardToken: string;
  severity: AlertSeverity;
  transactionIds: readonly string[];
  appendedAt: number;
}

/** One message received through SNS by the subscribed queue. */
export interface ObservedNotice {
  alertId: string;
  revision: number;
  cardToken: string;
  /** `opened` or `escalated` (the message attribute). */
  event: string;
  severity: AlertSeverity;
  transactionIds: readonly string[];
  receivedAt: number;
}

/** A record that did not satisfy its stream's contract. */
export interface UndecodableRecord {
  stream: string;
  error: string;
}

/** Everything observed of a run so far; the observer appends, figures read. */
export interface Observations {
  readonly transactions: ReadonlyMap<string, ObservedTransaction>;
  /** Records on `transactions`, repeats included. */
  readonly transactionRecords: number;
  readonly labels: ReadonlyMap<string, ObservedLabel>;
  readonly scores: ReadonlyMap<string, ObservedScore>;
  readonly alertRevisions: readonly ObservedAlertRevision[];
  readonly notices: readonly ObservedNotice[];
  readonly undecodable: readonly UndecodableRecord[];
}
