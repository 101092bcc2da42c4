import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

import { freeClusterPort, type RedisClusterEndpoints } from '../local/redis-cluster.js';
import { IMAGES } from './images.js';

const READY = 'redis cluster ready';

/**
 * A Redis Cluster of `primaries` nodes in one container, the twin of
 * `startLocalRedisCluster`. A cluster client is handed the addresses the
 * nodes announce (CLUSTER SLOTS), so each node listens inside the container
 * on the same port the host binds and announces 127.0.0.1: the host reaches
 * every node at the address it is given, as with Kafka's advertised listener.
 * One container, not three: its nodes meet on the cluster bus over their
 * shared loopback, which needs no port of the host.
 */
export async function startRedisClusterContainer(
  primaries = 3,
): Promise<{ container: StartedTestContainer; endpoints: RedisClusterEndpoints }> {
  const ports: number[] = [];
  while (ports.length < primaries) {
    const port = await freeClusterPort();
    if (!ports.includes(port)) ports.push(port);
  }
  const container = await new GenericContainer(IMAGES.redis)
    .withExposedPorts(...ports.map((port) => ({ container: port, host: port })))
    .withCommand(['sh', '-c', clusterScript(ports)])
    .withWaitStrategy(Wait.forLogMessage(READY))
    .withStartupTimeout(60_000)
    .start();
  return { container, endpoints: { redisClusterNodes: ports.map((port) => `redis://127.0.0.1:${port}`) } };
}

/**
 * Starts the nodes (their logs on the container's output), joins them with
 * `valkey-cli --cluster create` once each answers, and says READY when every
 * node reports cluster_state:ok. SIGTERM (the container's stop) ends it.
 */
export function clusterScript(ports: readonly number[]): string {
  const node = (port: number): string =>
    [
      `valkey-server --port ${port} --protected-mode no --save '' --appendonly no`,
      `--cluster-enabled yes --cluster-config-file nodes-${port}.conf --cluster-node-timeout 5000`,
      `--cluster-announce-ip 127.0.0.1 &`,
    ].join(' ');
  const list = ports.join(' ');
  return [
    'set -e',
    ...ports.map(node),
    `for port in ${list}; do until valkey-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done; done`,
    `valkey-cli --cluster create ${ports.map((port) => `127.0.0.1:${port}`).join(' ')} --cluster-yes`,
    `for port in ${list}; do until valkey-cli -p "$port" cluster info | grep -q cluster_state:ok; do sleep 0.2; done; done`,
    `echo '${READY}'`,
    "trap 'exit 0' TERM INT",
    'wait',
  ].join('\n');
}
