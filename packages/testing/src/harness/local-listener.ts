import type { InfraMode } from '../infra-types.js';

/**
 * The port a harness endpoint listens on, when that listener is one of our own
 * local processes, so a test can check it is bound to loopback only; undefined
 * when the stack runs in Docker, where the port belongs to docker-proxy.
 * `endpoint` is a URL or a bare `host:port` (a Kafka broker).
 */
export function localListenerPort(endpoint: string, infraMode: InfraMode): number | undefined {
  const { hostname, port } = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  if (infraMode === 'containers' || hostname !== '127.0.0.1' || port === '') return undefined;
  return Number(port);
}
