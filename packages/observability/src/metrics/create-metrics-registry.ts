import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry per service instance rather than prom-client's global one, so
 * tests that start several services in one process do not share counters.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
