import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';

import { createTransport, type TransportDependencies } from '../create-transport.js';
import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { StreamTransport } from '../stream-transport.js';

/**
 * A transport for a test's own publishing and stream creation, configured
 * from a service's environment (TRANSPORT, brokers, endpoints) exactly as
 * the service configures its own. It logs warnings and errors only.
 */
export function testTransport(
  env: Readonly<Record<string, string>>,
  deps: Partial<TransportDependencies> = {},
): StreamTransport {
  const clientId = deps.clientId ?? 'test';
  const settings = loadSettings(clientId, { schema: sharedSettingsSchema, requirements: sharedRequirements }, env);
  return createTransport(settings, {
    clientId,
    logger: deps.logger ?? createLogger({ service: clientId, level: 'warn', destination: process.stderr }),
    metrics: deps.metrics ?? new TransportMetrics(),
  });
}
