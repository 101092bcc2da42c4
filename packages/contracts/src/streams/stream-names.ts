/** The streams of contracts.md: one Kafka topic or Kinesis stream each, same name on both transports. */
export const TRANSACTIONS_STREAM = 'transactions';
export const TRANSACTION_FEATURES_STREAM = 'transaction-features';
export const FRAUD_SCORES_STREAM = 'fraud-scores';
export const FRAUD_ALERTS_STREAM = 'fraud-alerts';
/** Ground truth for evaluation only; no pipeline stage reads it. */
export const TRANSACTION_LABELS_STREAM = 'transaction-labels';
/** Confirmed frauds, days after their transaction: the feature engine's merchant fraud feedback. */
export const FRAUD_CONFIRMATIONS_STREAM = 'fraud-confirmations';

export const STREAMS = [
  TRANSACTIONS_STREAM,
  TRANSACTION_FEATURES_STREAM,
  FRAUD_SCORES_STREAM,
  FRAUD_ALERTS_STREAM,
  TRANSACTION_LABELS_STREAM,
  FRAUD_CONFIRMATIONS_STREAM,
] as const;

export type StreamName = (typeof STREAMS)[number];

/** What `STREAM_PREFIX` may hold: characters valid in both Kafka topic and Kinesis stream names. */
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9._-]*$/;

/** The dead-letter stream of a stream (unprefixed in, unprefixed out). */
export function deadLetterStream(stream: StreamName): string {
  return `${stream}-dlq`;
}

/** A stream's name on the cluster: `STREAM_PREFIX` prepended, so two stacks can share one cluster. */
export function streamName(stream: string, prefix = ''): string {
  if (!STREAM_PREFIX_PATTERN.test(prefix)) {
    throw new Error(`invalid stream prefix "${prefix}": may hold only letters, digits, dot, underscore and hyphen`);
  }
  return `${prefix}${stream}`;
}

/** Every stream name of one stack, prefix applied. */
export interface StreamNames {
  readonly transactions: string;
  readonly transactionFeatures: string;
  readonly fraudScores: string;
  readonly fraudAlerts: string;
  readonly transactionLabels: string;
  readonly fraudConfirmations: string;
  /** The prefixed dead-letter stream of a stream. */
  deadLetter(stream: StreamName): string;
  /** Every stream and its dead-letter stream, prefixed: what a deployment creates. */
  readonly all: readonly string[];
}

export function streamNames(prefix = ''): StreamNames {
  const name = (stream: string): string => streamName(stream, prefix);
  return {
    transactions: name(TRANSACTIONS_STREAM),
    transactionFeatures: name(TRANSACTION_FEATURES_STREAM),
    fraudScores: name(FRAUD_SCORES_STREAM),
    fraudAlerts: name(FRAUD_ALERTS_STREAM),
    transactionLabels: name(TRANSACTION_LABELS_STREAM),
    fraudConfirmations: name(FRAUD_CONFIRMATIONS_STREAM),
    deadLetter: (stream) => name(deadLetterStream(stream)),
    all: STREAMS.flatMap((stream) => [name(stream), name(deadLetterStream(stream))]),
  };
}
