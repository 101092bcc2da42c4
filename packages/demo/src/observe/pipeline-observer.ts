import {
  decodeFraudAlert,
  decodeFraudScore,
  decodeLabel,
  decodeTransaction,
  type ParseResult,
  type StreamNames,
} from '@fraud/contracts';
import type { TailedRecord } from '@fraud/testing';

import type { ReceivedNotice } from '../pipeline/alert-subscription.js';
import type {
  ObservedAlertRevision,
  ObservedLabel,
  ObservedNotice,
  ObservedScore,
  ObservedTransaction,
  Observations,
  UndecodableRecord,
} from './observations.js';

/** Fields the alerting service adds to the FraudAlert contract that the figures read. */
interface AlertExtras {
  revision?: unknown;
}

function revisionOf(alert: AlertExtras): number {
  return typeof alert.revision === 'number' ? alert.revision : 0;
}

/**
 * Turns what the tails and the alert queue deliver into observations: each
 * record checked against its stream's contract, and kept by transactionId
 * with its append (or receipt) time.
 */
export class PipelineObserver implements Observations {
  readonly transactions = new Map<string, ObservedTransaction>();
  transactionRecords = 0;
  readonly labels = new Map<string, ObservedLabel>();
  readonly scores = new Map<string, ObservedScore>();
  readonly alertRevisions: ObservedAlertRevision[] = [];
  readonly notices: ObservedNotice[] = [];
  readonly undecodable: UndecodableRecord[] = [];

  constructor(private readonly names: StreamNames) {}

  /** The streams this observer reads. */
  get streams(): string[] {
    return [this.names.transactions, this.names.transactionLabels, this.names.fraudScores, this.names.fraudAlerts];
  }

  readonly onRecord = (record: TailedRecord): void => {
    const appendedAt = record.timestamp.getTime();
    switch (record.stream) {
      case this.names.transactions:
        this.transactionRecords += 1;
        this.decoded(record.stream, decodeTransaction(record.value), (transaction) => {
          if (!this.transactions.has(transaction.transactionId)) {
            this.transactions.set(transaction.transactionId, { cardToken: transaction.cardToken, appendedAt });
          }
        });
        return;
      case this.names.transactionLabels:
        this.decoded(record.stream, decodeLabel(record.value), (label) => {
          this.labels.set(label.transactionId, { isFraud: label.isFraud, scenario: label.scenario });
        });
        return;
      case this.names.fraudScores:
        this.decoded(record.stream, decodeFraudScore(record.value), (score) => {
          const seen = this.scores.get(score.transactionId);
          if (seen !== undefined) {
            seen.copies += 1;
            return;
          }
          this.scores.set(score.transactionId, {
            decision: score.decision,
            source: score.source,
            earlierInWindow: score.features.card_txn_count_10m >= 2,
            appendedAt,
            copies: 1,
          });
        });
        return;
      case this.names.fraudAlerts:
        this.decoded(record.stream, decodeFraudAlert(record.value), (alert) => {
          this.alertRevisions.push({
            alertId: alert.alertId,
            revision: revisionOf(alert as AlertExtras),
            cardToken: alert.cardToken,
            severity: alert.severity,
            transactionIds: alert.transactionIds,
            appendedAt,
          });
        });
        return;
    }
  };

  readonly onNotice = (notice: ReceivedNotice): void => {
    this.decoded('sns', decodeFraudAlert(Buffer.from(notice.body, 'utf8')), (alert) => {
      this.notices.push({
        alertId: alert.alertId,
        revision: revisionOf(alert as AlertExtras),
        cardToken: alert.cardToken,
        event: notice.attributes.event ?? '',
        severity: alert.severity,
        transactionIds: alert.transactionIds,
        receivedAt: notice.receivedAt,
      });
    });
  };

  private decoded<T>(stream: string, result: ParseResult<T>, keep: (value: T) => void): void {
    if (result.ok) keep(result.value);
    else this.undecodable.push({ stream, error: result.error.message });
  }
}
