import {
  decodeTransaction,
  decodeTransactionFeatures,
  type StreamNames,
  type Transaction,
  type TransactionFeatures,
} from '@fraud/contracts';
import { ReferenceFeatureEngine, type ReferenceOutput } from '@fraud/features';
import { decodeRecords, type DecodedRecord, readStream } from '@fraud/testing';

/** Features are doubles computed in Lua and in TypeScript: equal within this. */
export const FEATURE_TOLERANCE = 1e-9;

/** What the service read and wrote: the `transactions` and `transaction-features` streams, decoded. */
export async function readServiceStreams(
  transport: 'kafka' | 'kinesis',
  infra: Parameters<typeof readStream>[1],
  names: Pick<StreamNames, 'transactions' | 'transactionFeatures'>,
): Promise<{ inputs: DecodedRecord<Transaction>[]; outputs: DecodedRecord<TransactionFeatures>[] }> {
  // One after the other: two Kafka reads started in the same millisecond join one consumer group and never finish.
  const inputs = await readStream(transport, infra, names.transactions);
  const outputs = await readStream(transport, infra, names.transactionFeatures);
  return {
    inputs: decodeRecords(inputs, decodeTransaction),
    outputs: decodeRecords(outputs, decodeTransactionFeatures),
  };
}

/** How many distinct transactionIds have a feature vector in the stream now. */
export async function emittedIdCount(
  transport: 'kafka' | 'kinesis',
  infra: Parameters<typeof readStream>[1],
  stream: string,
): Promise<number> {
  const outputs = decodeRecords(await readStream(transport, infra, stream), decodeTransactionFeatures);
  return new Set(outputs.map(({ event }) => event.transactionId)).size;
}

/**
 * The offline reference's output for the first copy of each transactionId,
 * fed each partition in order. Partitions may go in turn because the test
 * streams' merchants serve one card each (service-stream.ts).
 */
export function referenceFirstOutputs(inputs: readonly DecodedRecord<Transaction>[]): Map<string, ReferenceOutput> {
  const reference = new ReferenceFeatureEngine();
  const expected = new Map<string, ReferenceOutput>();
  for (const { partition, event } of inputs) {
    const output = reference.process(event, partition);
    if (!expected.has(event.transactionId)) expected.set(event.transactionId, output);
  }
  return expected;
}

/** The first feature vector emitted for each transactionId, in stream order: what downstream stages keep. */
function firstEmissions(outputs: readonly DecodedRecord<TransactionFeatures>[]): Map<string, TransactionFeatures> {
  const first = new Map<string, TransactionFeatures>();
  for (const { event } of outputs) if (!first.has(event.transactionId)) first.set(event.transactionId, event);
  return first;
}

/** How the service's output departs from the offline reference: nothing does when every list is empty. */
export interface ReferenceParity {
  /** TransactionIds of the input with no feature vector. */
  missing: string[];
  /** TransactionIds with a feature vector that are not in the input. */
  unexpected: string[];
  /** The first 20 differences of a first vector from the reference's (`late`, or a feature off by more than the tolerance). */
  mismatches: string[];
}

/** The first feature vector per transactionId in `outputs`, against the offline reference's output for `inputs`. */
export function referenceParity(
  inputs: readonly DecodedRecord<Transaction>[],
  outputs: readonly DecodedRecord<TransactionFeatures>[],
): ReferenceParity {
  const expected = referenceFirstOutputs(inputs);
  const emitted = firstEmissions(outputs);
  const mismatches: string[] = [];
  for (const [id, want] of expected) {
    const got = emitted.get(id);
    if (got === undefined) continue;
    if (got.late !== want.late) mismatches.push(`${id}: late ${got.late} != ${want.late}`);
    for (const [name, value] of Object.entries(want.features)) {
      const actual = got.features[name];
      if (!(actual !== undefined && Math.abs(actual - value) <= FEATURE_TOLERANCE))
        mismatches.push(`${id}: ${name} ${actual} != ${value}`);
    }
  }
  return {
    missing: [...expected.keys()].filter((id) => !emitted.has(id)),
    unexpected: [...emitted.keys()].filter((id) => !expected.has(id)),
    mismatches: mismatches.slice(0, 20),
  };
}
