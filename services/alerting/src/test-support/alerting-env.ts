import { fileURLToPath } from 'node:url';

import type { StreamNames } from '@fraud/contracts';
import { serviceEnvironment } from '@fraud/testing';

export const ALERTING_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The service's environment on the test stack: the test creates the streams it uses (alertingStreams). */
export function alertingEnv(
  infraEnv: Record<string, string>,
  transport: 'kafka' | 'kinesis',
  streamPrefix: string,
  extra: Record<string, string> & { SNS_TOPIC_ARN: string },
): Record<string, string> {
  return serviceEnvironment(infraEnv, transport, streamPrefix, { CREATE_STREAMS: 'false', ...extra });
}

/** What the service reads and writes: scores in, alerts out, and the scores' dead letters. */
export function alertingStreams(names: StreamNames): string[] {
  return [names.fraudScores, names.fraudAlerts, names.deadLetter('fraud-scores')];
}
