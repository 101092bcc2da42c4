import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { makeDataDir } from '../data-dir.js';
import type { RunningInfra } from '../infra-types.js';
import { freePortBetween, portIsFree } from '../ports.js';
import { waitUntil } from '../wait-until.js';
import { parseClusterNodes } from './cluster-nodes.js';
import { runLocalServer } from './local-server.js';
import { redisAnswersPing } from './redis.js';

const run = promisify(execFile);

/** Redis Cluster talks between nodes on each node's port plus this. */
const CLUSTER_BUS_OFFSET = 10_000;

export interface RedisClusterEndpoints {
  /** One URL per primary: a cluster client (ioredis `Cluster`) needs any of them to find the rest. */
  redisClusterNodes: string[];
  /**
   * One URL per replica, when the cluster was started with some. Which
   * primary a replica follows (and, after a failover, which node is a
   * primary) a node's `CLUSTER NODES` says (`parseClusterNodes`).
   */
  redisClusterReplicas?: string[];
}

export interface LocalRedisClusterOptions {
  /**
   * Primaries; 3 by default, the fewest `redis-cli --cluster create`
   * accepts. 1 gives one node in cluster mode holding every slot (without
   * replicas): what cluster mode itself costs a node, apart from the split.
   */
  primaries?: number;
  /** Replicas of each primary (`--cluster-replicas`); none by default. */
  replicasPerPrimary?: number;
}

/**
 * Starts a real Redis Cluster of loopback `redis-server` processes with
 * `--cluster-enabled yes`, joined by `redis-cli --cluster create` (the hash
 * slots split evenly, each primary given `replicasPerPrimary` replicas), and
 * waits until every node says `cluster_state:ok` and knows every replica,
 * and every replica has synced with its primary. A replica is promoted when
 * its primary has not answered for 5 s (`--cluster-node-timeout`).
 * Persistence is off; stopping it stops every node and removes their directories.
 */
export async function startLocalRedisCluster(
  options: LocalRedisClusterOptions = {},
): Promise<RunningInfra<RedisClusterEndpoints>> {
  const primaries = options.primaries ?? 3;
  const replicas = primaries * (options.replicasPerPrimary ?? 0);
  if (primaries === 2 || primaries < 1 || (primaries === 1 && replicas > 0)) {
    throw new RangeError(`a local Redis Cluster has 1 primary without replicas, or 3 or more (asked: ${primaries})`);
  }
  const ports: number[] = [];
  while (ports.length < primaries + replicas) {
    const port = await freeClusterPort();
    if (!ports.includes(port)) ports.push(port);
  }
  const nodes: RunningInfra<unknown>[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (const port of ports) nodes.push(await startNode(port));
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    if (primaries === 1) await redisCli(ports[0] ?? 0, 'cluster', 'addslotsrange', '0', '16383');
    else {
      await run(
        'redis-cli',
        ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas / primaries), '--cluster-yes'],
        { timeout: 30_000 },
      );
    }
    await waitUntil(async () => (await Promise.all(ports.map((port) => nodeReady(port, replicas)))).every(Boolean), {
      description: `the Redis Cluster on ports ${ports.join(', ')} to report cluster_state:ok and ${replicas} replica(s) in sync`,
      timeoutMs: 30_000,
      intervalMs: 200,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // redis-cli chooses which nodes become replicas.
  const roles = new Map(
    parseClusterNodes(await redisCli(ports[0] ?? 0, 'cluster', 'nodes')).map((n) => [n.port, n.role]),
  );
  const urlsOf = (role: 'primary' | 'replica') =>
    ports.filter((port) => roles.get(port) === role).map((port) => `redis://127.0.0.1:${port}`);
  return {
    name: 'redis-cluster',
    endpoints: {
      redisClusterNodes: urlsOf('primary'),
      ...(replicas === 0 ? {} : { redisClusterReplicas: urlsOf('replica') }),
    },
    pids: nodes.flatMap((node) => node.pids ?? []),
    stop,
  };
}

async function startNode(port: number): Promise<RunningInfra<unknown>> {
  const dir = await makeDataDir('redis-cluster');
  return runLocalServer({
    name: `redis-cluster-${port}`,
    dir,
    command: 'redis-server',
    args: [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'],
      // A node learns its own address from the others; one alone would name itself '' in CLUSTER SLOTS.
      ...['--cluster-announce-ip', '127.0.0.1'],
    ],
    graceMs: 2_000,
    endpoints: {},
    isReady: () => redisAnswersPing(port),
    readyTimeoutMs: 10_000,
  });
}

async function redisCli(port: number, ...command: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...command], { timeout: 5_000 });
  return stdout;
}

/**
 * The node says the cluster is ok, knows `replicas` replicas (the nodes learn
 * of each other over the bus, a replica's role a little after the join), and,
 * a replica itself, has its primary's data (`master_link_status:up`).
 */
async function nodeReady(port: number, replicas: number): Promise<boolean> {
  if (!(await redisCli(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
  const nodes = parseClusterNodes(await redisCli(port, 'cluster', 'nodes'));
  if (nodes.filter(({ role }) => role === 'replica').length !== replicas) return false;
  if (nodes.find(({ myself }) => myself)?.role !== 'replica') return true;
  return (await redisCli(port, 'info', 'replication')).includes('master_link_status:up');
}

/** Below Linux's ephemeral range (32768 on): no port chosen by the kernel for anything else can collide. */
const FIRST_PORT = 20_000;
const LAST_BUS_PORT = 32_767;

/**
 * A loopback port that is free, as is its cluster bus port. Both lie below
 * the ephemeral range, so a server of another test that gets its port from
 * the kernel, or briefly gives one up (an outage test), never meets them.
 */
export function freeClusterPort(): Promise<number> {
  return freePortBetween(
    FIRST_PORT,
    LAST_BUS_PORT - CLUSTER_BUS_OFFSET,
    async (port) => (await portIsFree(port)) && portIsFree(port + CLUSTER_BUS_OFFSET),
  );
}
