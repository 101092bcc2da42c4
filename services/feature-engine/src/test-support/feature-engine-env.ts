import { fileURLToPath } from 'node:url';

import type { StreamNames } from '@fraud/contracts';
import { serviceEnvironment } from '@fraud/testing';

export const FEATURE_ENGINE_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/**
 * The engine's environment on the test stack. It creates no streams: the
 * test creates those it uses (engineStreams), since every stream of a prefix
 * at 4 shards would take 48 of kinesis-local's 50.
 */
export function featureEngineEnv(
  infraEnv: Record<string, string>,
  transport: 'kafka' | 'kinesis',
  streamPrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return serviceEnvironment(infraEnv, transport, streamPrefix, {
    CREATE_STREAMS: 'false',
    ...extra,
  });
}

/** The streams the engine reads and writes: its inputs, its output, and the inputs' dead letters. */
export function engineStreams(names: StreamNames): string[] {
  return [
    names.transactions,
    names.transactionFeatures,
    names.deadLetter('transactions'),
    names.fraudConfirmations,
    names.deadLetter('fraud-confirmations'),
  ];
}
