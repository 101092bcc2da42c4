import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';
import { createTransport, TransportMetrics, type StreamTransport } from '@fraud/transport';

/**
 * A transport of this process, configured from the same environment as the
 * services' (`pipelineSettings`), for what the run does itself: create the
 * streams before the services start.
 */
export function pipelineTransport(env: Readonly<Record<string, string>>): StreamTransport {
  const settings = loadSettings('demo', { schema: sharedSettingsSchema, requirements: sharedRequirements }, env);
  return createTransport(settings, {
    clientId: 'demo',
    // kafkajs warns about a first request to a coordinator still loading, which it retries: errors only.
    logger: createLogger({ service: 'demo', level: 'error', destination: process.stderr }),
    metrics: new TransportMetrics(),
  });
}

/** Every stream of the contract and its dead-letter stream, prefixed, with `partitions` partitions or shards. */
export async function createPipelineStreams(
  env: Readonly<Record<string, string>>,
  streams: readonly string[],
  partitions: number,
): Promise<void> {
  const transport = pipelineTransport(env);
  await transport.connect();
  try {
    await transport.ensureStreams(streams, partitions);
  } finally {
    await transport.close();
  }
}
