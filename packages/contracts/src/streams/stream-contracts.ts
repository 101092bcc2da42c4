import {
  DeadLetterContract,
  FraudAlertContract,
  FraudConfirmationContract,
  FraudScoreContract,
  LabelContract,
  TransactionContract,
  TransactionFeaturesContract,
} from '../contracts.js';
import type { Contract } from '../parse/contract.js';
import {
  FRAUD_ALERTS_STREAM,
  FRAUD_CONFIRMATIONS_STREAM,
  FRAUD_SCORES_STREAM,
  STREAMS,
  TRANSACTION_FEATURES_STREAM,
  TRANSACTION_LABELS_STREAM,
  TRANSACTIONS_STREAM,
  type StreamName,
} from './stream-names.js';

/** The payload contract of each stream of contracts.md. */
export const STREAM_CONTRACTS = {
  [TRANSACTIONS_STREAM]: TransactionContract,
  [TRANSACTION_FEATURES_STREAM]: TransactionFeaturesContract,
  [FRAUD_SCORES_STREAM]: FraudScoreContract,
  [FRAUD_ALERTS_STREAM]: FraudAlertContract,
  [TRANSACTION_LABELS_STREAM]: LabelContract,
  [FRAUD_CONFIRMATIONS_STREAM]: FraudConfirmationContract,
} as const satisfies Record<StreamName, Contract<unknown>>;

export type StreamContracts = typeof STREAM_CONTRACTS;

/** The event each record of a stream carries: `EventOf<'fraud-scores'>` is FraudScore. */
export type EventOf<S extends StreamName> = StreamContracts[S] extends Contract<infer T> ? T : never;

const DEAD_LETTER_SUFFIX = '-dlq';

/**
 * The contract of a stream's records, by its name without `STREAM_PREFIX`:
 * what a consumer decodes with, whichever stream it reads. Every `<stream>-dlq`
 * carries DeadLetters. Throws for a name that is not a stream of the contract.
 */
export function contractForStream<S extends StreamName>(stream: S): StreamContracts[S];
export function contractForStream(stream: `${string}-dlq`): typeof DeadLetterContract;
export function contractForStream(stream: string): Contract<unknown>;
export function contractForStream(stream: string): Contract<unknown> {
  if (stream.endsWith(DEAD_LETTER_SUFFIX) && stream.length > DEAD_LETTER_SUFFIX.length) return DeadLetterContract;
  if (isStreamName(stream)) return STREAM_CONTRACTS[stream];
  throw new Error(
    `no contract for stream "${stream}": expected one of ${STREAMS.join(', ')} or <stream>-dlq, without STREAM_PREFIX`,
  );
}

function isStreamName(stream: string): stream is StreamName {
  return (STREAMS as readonly string[]).includes(stream);
}
