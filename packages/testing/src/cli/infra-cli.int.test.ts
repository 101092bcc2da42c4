import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isAlive } from '@fraud/supervisor';
import { membersOfGroups } from '../process-groups.js';
import type { InfraState } from './infra-state.js';

const run = promisify(execFile);
// The CLIs run as users run them: compiled, each in its own Node process.
const dist = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

function tcpAnswers(hostPort: string): Promise<boolean> {
  const url = new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`);
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/** `NAME=value` lines as a record. */
function parseEnvLines(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** What one node of a Redis Cluster says of the cluster: its state and how many primaries it knows. */
async function clusterAsSeenBy(url: string): Promise<{ state: string | undefined; primaries: number }> {
  const node = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await node.connect();
    const info = await node.cluster('INFO');
    const nodes = String(await node.cluster('NODES'));
    return {
      state: /cluster_state:(\w+)/.exec(info)?.[1],
      primaries: nodes.split('\n').filter((line) => / (myself,)?master /.test(line)).length,
    };
  } finally {
    node.disconnect();
  }
}

describe('npm run infra:up / infra:down', () => {
  let stateDir: string;
  // The cluster only with --redis-cluster, whatever the caller's INFRA_REDIS_CLUSTER.
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    INFRA: 'local',
    INFRA_STATE_DIR: stateDir,
    INFRA_REDIS_CLUSTER: '',
  });

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'infra-cli-'));
  });
  afterAll(async () => {
    await run(process.execPath, [join(dist, 'infra-down.js')], { env: env() }).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts the stack in the background, prints its endpoints, and stops it leaving nothing behind', async () => {
    const up = await run(process.execPath, [join(dist, 'infra-up.js')], { env: env(), timeout: 180_000 });
    const printed = parseEnvLines(up.stdout);
    // One Redis by default: the cluster costs three more processes and is asked for.
    expect(printed).not.toHaveProperty('REDIS_CLUSTER_URL');
    expect(Object.keys(printed)).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'REDIS_URL', 'KINESIS_ENDPOINT', 'DYNAMODB_ENDPOINT', 'SNS_ENDPOINT']),
    );
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'KINESIS_ENDPOINT', 'DYNAMODB_ENDPOINT', 'SNS_ENDPOINT']) {
      expect(printed[name]).toMatch(/127\.0\.0\.1:\d+/);
      expect(await tcpAnswers(String(printed[name])), name).toBe(true);
    }
    const state = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as InfraState;
    expect(state.env).toEqual(printed);
    expect([state.supervisorPid, ...state.pids].every(isAlive)).toBe(true);

    // A second infra:up finds the running stack and prints the same endpoints.
    const again = await run(process.execPath, [join(dist, 'infra-up.js')], { env: env() });
    expect(again.stdout).toBe(up.stdout);
    // Asked for a cluster it does not have, it says so rather than print endpoints without one.
    await expect(
      run(process.execPath, [join(dist, 'infra-up.js'), '--redis-cluster'], { env: env() }),
    ).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('already running without a Redis Cluster') as unknown,
    });

    await run(process.execPath, [join(dist, 'infra-down.js')], { env: env(), timeout: 60_000 });
    expect([state.supervisorPid, ...state.pids].filter(isAlive)).toEqual([]);
    expect(await readdir(stateDir)).toEqual(['supervisor.log']);
  }, 240_000);

  it('with --redis-cluster, also runs a Redis Cluster of 3 primaries beside the single Redis, and stops it too', async () => {
    await expect(
      run(process.execPath, [join(dist, 'infra-up.js'), '--redis-clustre'], { env: env() }),
    ).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining('usage: npm run infra:up -- [--redis-cluster]') as unknown,
    });

    const up = await run(process.execPath, [join(dist, 'infra-up.js'), '--redis-cluster'], {
      env: env(),
      timeout: 180_000,
    });
    const printed = parseEnvLines(up.stdout);
    const nodes = String(printed.REDIS_CLUSTER_NODES).split(',');
    expect(nodes).toHaveLength(3);
    for (const url of nodes) expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.REDIS_CLUSTER_URL).toBe(nodes[0]);
    expect(nodes).not.toContain(printed.REDIS_URL);
    const state = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as InfraState;
    expect(await readFile(join(stateDir, 'stack.env'), 'utf8')).toContain(`REDIS_CLUSTER_URL=${nodes[0]}\n`);
    // Kafka, Redis, Kinesis, DynamoDB, moto and the three cluster nodes.
    expect(state.pids).toHaveLength(8);

    for (const url of nodes) expect(await clusterAsSeenBy(url), url).toEqual({ state: 'ok', primaries: 3 });
    // A service's client is seeded from REDIS_CLUSTER_URL alone and finds the rest.
    const seed = new URL(String(printed.REDIS_CLUSTER_URL));
    const client = new Cluster([{ host: seed.hostname, port: Number(seed.port) }]);
    try {
      const keys = Array.from({ length: 90 }, (_, n) => `infra-cli:{c:${n}}`);
      await Promise.all(keys.map((key, n) => client.set(key, String(n))));
      expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys.map((_, n) => String(n)));
      expect(client.nodes('master')).toHaveLength(3);
    } finally {
      await client.quit();
    }

    await run(process.execPath, [join(dist, 'infra-down.js')], { env: env(), timeout: 60_000 });
    expect([state.supervisorPid, ...state.pids].filter(isAlive)).toEqual([]);
    expect(await membersOfGroups(state.pids)).toEqual([]);
    for (const url of nodes) expect(await tcpAnswers(url), url).toBe(false);
    expect(await readdir(stateDir)).toEqual(['supervisor.log']);
  }, 240_000);
});
