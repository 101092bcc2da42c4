import { createConnection } from 'node:net';

import { makeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import type { RunningInfra } from '../infra-types.js';
import { runLocalServer } from './local-server.js';

export interface RedisEndpoints {
  redisUrl: string;
}

/** Starts the Debian `redis-server` on a free loopback port with persistence off. */
export async function startLocalRedis(): Promise<RunningInfra<RedisEndpoints>> {
  const dir = await makeDataDir('redis');
  const port = await freePort();
  return runLocalServer({
    name: 'redis',
    dir,
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    graceMs: 2_000,
    endpoints: { redisUrl: `redis://127.0.0.1:${port}` },
    isReady: () => redisAnswersPing(port),
    readyTimeoutMs: 10_000,
  });
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
