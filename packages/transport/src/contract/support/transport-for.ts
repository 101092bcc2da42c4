import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';
import type { Logger } from 'pino';

import { createTransport } from '../../create-transport.js';
import { TransportMetrics } from '../../metrics/transport-metrics.js';
import type { StreamTransport } from '../../stream-transport.js';

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
  const settings = loadSettings(
    'transport-test',
    { schema: sharedSettingsSchema, requirements: sharedRequirements },
    transportEnv(kind, infraEnv),
  );
  return createTransport(settings, { clientId: 'transport-test', logger: quietLogger, metrics });
}
