import { createLogger } from '@fraud/observability';
import type { Logger } from 'pino';

import { TransportMetrics } from '../../metrics/transport-metrics.js';
import type { StreamTransport } from '../../stream-transport.js';
import { testTransport } from '../../testing/test-transport.js';

export const TRANSPORT_KINDS = ['kafka', 'kinesis'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** The environment a service gets for `kind` on the test stack. */
export function transportEnv(kind: TransportKind, infraEnv: Record<string, string>): Record<string, string> {
  return { ...infraEnv, TRANSPORT: kind };
}

export const quietLogger: Logger = createLogger({
  service: 'transport-test',
  level: 'warn',
  destination: process.stderr,
});

/** A transport configured exactly as a service would be, from the stack's environment. */
export function transportFor(
  kind: TransportKind,
  infraEnv: Record<string, string>,
  metrics = new TransportMetrics(),
): StreamTransport {
  return testTransport(transportEnv(kind, infraEnv), { clientId: 'transport-test', logger: quietLogger, metrics });
}
