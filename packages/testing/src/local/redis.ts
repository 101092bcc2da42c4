import { createConnection } from 'node:net';
import { join } from 'node:path';

import { makeDataDir, removeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import { startSupervised } from '../process/supervised-process.js';
import type { RunningInfra } from '../infra-types.js';
import { waitUntil } from '../wait-until.js';

export interface RedisEndpoints {
  redisUrl: string;
}

/** Starts the Debian `redis-server` on a free loopback port with persistence off. */
export async function startLocalRedis(): Promise<RunningInfra<RedisEndpoints>> {
  const dir = await makeDataDir('redis');
  const port = await freePort();
  const server = await startSupervised({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    logFile: join(dir, 'redis.log'),
    dataDir: dir,
    graceMs: 2_000,
  });
  try {
    await waitUntil(() => redisAnswersPing(port), {
      description: `redis on port ${port}`,
      timeoutMs: 10_000,
      abort: server.exited,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    name: 'redis',
    endpoints: { redisUrl: `redis://127.0.0.1:${port}` },
    pids: [server.pid],
    stop: async () => {
      await server.stop();
      await removeDataDir(dir);
    },
  };
}

function redisAnswersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => {
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
