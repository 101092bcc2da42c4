import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { makeDataDir } from '../data-dir.js';
import type { RunningInfra } from '../infra-types.js';
import { portIsFree } from '../ports.js';
import { waitUntil } from '../wait-until.js';
import { runLocalServer } from './local-server.js';
import { redisAnswersPing } from './redis.js';

const run = promisify(execFile);

/** Redis Cluster talks between nodes on each node's port plus this. */
const CLUSTER_BUS_OFFSET = 10_000;

export interface RedisClusterEndpoints {
  /** One URL per primary: a cluster client (ioredis `Cluster`) needs any of them to find the rest. */
  redisClusterNodes: string[];
}

export interface LocalRedisClusterOptions {
  /** Primaries; 3 by default, the fewest `redis-cli --cluster create` accepts. */
  primaries?: number;
}

/**
 * Starts a real Redis Cluster of loopback `redis-server` processes with
 * `--cluster-enabled yes`, joined by `redis-cli --cluster create` (the hash
 * slots split evenly), and waits until every node says `cluster_state:ok`.
 * Persistence is off; stopping it stops every node and removes their directories.
 */
export async function startLocalRedisCluster(
  options: LocalRedisClusterOptions = {},
): Promise<RunningInfra<RedisClusterEndpoints>> {
  const primaries = options.primaries ?? 3;
  const ports: number[] = [];
  while (ports.length < primaries) {
    const port = await freeClusterPort();
    if (!ports.includes(port)) ports.push(port);
  }
  const nodes: RunningInfra<unknown>[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (const port of ports) nodes.push(await startNode(port));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-yes'], {
      timeout: 30_000,
    });
    await waitUntil(async () => (await Promise.all(ports.map(clusterStateOk))).every(Boolean), {
      description: `the Redis Cluster on ports ${ports.join(', ')} to report cluster_state:ok`,
      timeoutMs: 30_000,
      intervalMs: 200,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: 'redis-cluster',
    endpoints: { redisClusterNodes: ports.map((port) => `redis://127.0.0.1:${port}`) },
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
    ],
    graceMs: 2_000,
    endpoints: {},
    isReady: () => redisAnswersPing(port),
    readyTimeoutMs: 10_000,
  });
}

async function clusterStateOk(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info'], { timeout: 5_000 });
  return stdout.includes('cluster_state:ok');
}

/** Below Linux's ephemeral range (32768 on): no port chosen by the kernel for anything else can collide. */
const FIRST_PORT = 20_000;
const LAST_BUS_PORT = 32_767;

/**
 * A loopback port that is free, as is its cluster bus port. Both lie below
 * the ephemeral range, so a server of another test that gets its port from
 * the kernel, or briefly gives one up (an outage test), never meets them.
 */
export async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = FIRST_PORT + Math.floor(Math.random() * (LAST_BUS_PORT - CLUSTER_BUS_OFFSET - FIRST_PORT + 1));
    if ((await portIsFree(port)) && (await portIsFree(port + CLUSTER_BUS_OFFSET))) return port;
  }
}
