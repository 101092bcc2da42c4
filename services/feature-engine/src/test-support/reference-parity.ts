import {
  decodeTransaction,
  decodeTransactionFeatures,
  type StreamNames,
  type Transaction,
  type TransactionFeatures,
} from '@fraud/contracts';
import { ReferenceFeatureEngine, type ReferenceOutput } from '@fraud/features';
import { readStream, type StoredRecord } from '@fraud/testing';

/** Features are doubles computed in Lua and in TypeScript: equal within this. */
export const FEATURE_TOLERANCE = 1e-9;

export interface Decoded<T> {
  partition: string;
  value: T;
}

export function decodeAll<T>(
  records: readonly StoredRecord[],
  decode: (bytes: Buffer) => { ok: true; value: T } | { ok: false; error: Error },
): Decoded<T>[] {
  return records.map((record) => {
    const decoded = decode(record.value);
    if (!decoded.ok) throw decoded.error;
    return { partition: record.partition, value: decoded.value };
  });
}

/** What the service read and wrote: the `transactions` and `transaction-features` streams, decoded. */
export async function readServiceStreams(
  transport: 'kafka' | 'kinesis',
  infra: Parameters<typeof readStream>[1],
  names: Pick<StreamNames, 'transactions' | 'transactionFeatures'>,
): Promise<{ inputs: Decoded<Transaction>[]; outputs: Decoded<TransactionFeatures>[] }> {
  // One after the other: two Kafka reads started in the same millisecond join one consumer group and never finish.
  const inputs = await readStream(transport, infra, names.transactions);
  const outputs = await readStream(transport, infra, names.transactionFeatures);
  return {
    inputs: decodeAll(inputs, decodeTransaction),
    outputs: decodeAll(outputs, decodeTransactionFeatures),
  };
}

/** How many distinct transactionIds have a feature vector in the stream now. */
export async function emittedIdCount(
  transport: 'kafka' | 'kinesis',
  infra: Parameters<typeof readStream>[1],
  stream: string,
): Promise<number> {
  const outputs = decodeAll(await readStream(transport, infra, stream), decodeTransactionFeatures);
  return new Set(outputs.map(({ value }) => value.transactionId)).size;
}

/**
 * The offline reference's output for the first copy of each transactionId,
 * fed each partition in order. Partitions may go in turn because the test
 * streams' merchants serve one card each (service-stream.ts).
 */
export function referenceFirstOutputs(inputs: readonly Decoded<Transaction>[]): Map<string, ReferenceOutput> {
  const reference = new ReferenceFeatureEngine();
  const expected = new Map<string, ReferenceOutput>();
  for (const { partition, value } of inputs) {
    const output = reference.process(value, partition);
    if (!expected.has(value.transactionId)) expected.set(value.transactionId, output);
  }
  return expected;
}

/** The first feature vector emitted for each transactionId, in stream order: what downstream stages keep. */
export function firstEmissions(outputs: readonly Decoded<TransactionFeatures>[]): Map<string, TransactionFeatures> {
  const first = new Map<string, TransactionFeatures>();
  for (const { value } of outputs) if (!first.has(value.transactionId)) first.set(value.transactionId, value);
  return first;
}

/** One line per difference from the reference (a missing vector, `late`, or a feature off by more than the tolerance). */
export function referenceMismatches(
  expected: ReadonlyMap<string, ReferenceOutput>,
  emitted: ReadonlyMap<string, TransactionFeatures>,
): string[] {
  const mismatches: string[] = [];
  for (const [id, want] of expected) {
    const got = emitted.get(id);
    if (got === undefined) {
      mismatches.push(`${id}: never emitted`);
      continue;
    }
    if (got.late !== want.late) mismatches.push(`${id}: late ${got.late} != ${want.late}`);
    for (const [name, value] of Object.entries(want.features)) {
      const actual = got.features[name];
      if (!(actual !== undefined && Math.abs(actual - value) <= FEATURE_TOLERANCE))
        mismatches.push(`${id}: ${name} ${actual} != ${value}`);
    }
  }
  return mismatches;
}
