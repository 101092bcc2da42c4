import { STREAMS, type StreamNames } from '@fraud/contracts';
import { readStream, type InfraEndpoints, type ServiceProcess } from '@fraud/testing';

import type { Transport } from '../pipeline/pipeline-settings.js';
import { metricTotal } from './service-timings.js';

/** Records in every dead-letter stream of the pipeline now, by stream name. */
export async function deadLetterCounts(
  transport: Transport,
  infra: InfraEndpoints,
  names: StreamNames,
): Promise<Record<string, number>> {
  const counts = await Promise.all(
    STREAMS.map(async (stream) => {
      const name = names.deadLetter(stream);
      return [name, (await readStream(transport, infra, name)).length] as const;
    }),
  );
  return Object.fromEntries(counts);
}

/**
 * Records the services have dead-lettered so far, from their metrics
 * (`transport_dead_lettered_total`, every stream and reason): cheap enough
 * for a live summary, where reading every dead-letter stream would not be.
 */
export async function deadLetteredSoFar(services: readonly ServiceProcess[]): Promise<number> {
  const totals = await Promise.all(
    services.map(async (service) => {
      const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
      return metricTotal(text, 'transport_dead_lettered_total');
    }),
  );
  return totals.reduce((sum, total) => sum + total, 0);
}
