import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { serviceEnvironment } from '@fraud/testing';

/** The built entry point, as every service is started: `node services/producer/dist/main.js`. */
export const PRODUCER_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export const TEST_HMAC_KEY = 'test-hmac-key-0123456789abcdef-0123456789';
export const TEST_API_KEYS = ['ingest-key-alpha-0123456789', 'ingest-key-bravo-0123456789'] as const;

/** The producer's environment on the test stack. */
export function producerEnv(
  infraEnv: Record<string, string>,
  transport: 'kafka' | 'kinesis',
  streamPrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return serviceEnvironment(infraEnv, transport, streamPrefix, {
    CREATE_STREAMS: 'true',
    STREAM_PARTITIONS: '2',
    PAN_HMAC_KEY: TEST_HMAC_KEY,
    INGEST_API_KEYS: TEST_API_KEYS.join(','),
    ...extra,
  });
}

/** The token the producer must publish for `pan`. */
export function expectedToken(pan: string): string {
  return createHmac('sha256', TEST_HMAC_KEY).update(pan).digest('hex');
}
