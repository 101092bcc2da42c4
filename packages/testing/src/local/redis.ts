import { createConnection } from 'node:net';

import { makeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import type { RunningInfra } from '../infra-types.js';
import { runLocalServer } from './local-server.js';

export interface RedisEndpoints {
  redisUrl: string;
}

export interface LocalRedisOptions {
  /** A free loopback port by default; a server started again passes the port of the one it replaces. */
  port?: number;
  /**
   * Where Redis keeps its data in an append-only file. The caller owns the
   * directory: stopping the server leaves it, so a server started on it again
   * (same port, same directory) has every key and function back, as a
   * restarted production Redis would. Without it persistence is off.
   */
  dataDir?: string;
}

/** Starts the Debian `redis-server` on a loopback port, persistence off unless `dataDir` is given. */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<RunningInfra<RedisEndpoints>> {
  // The server's own directory holds its log and goes on stop; the data stay in `dataDir`.
  const dir = await makeDataDir('redis');
  const port = options.port ?? (await freePort());
  const persistence =
    options.dataDir === undefined
      ? ['--appendonly', 'no', '--dir', dir]
      : // A graceful stop (SIGTERM) writes and fsyncs the file before the process exits.
        ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', options.dataDir];
  return runLocalServer({
    name: 'redis',
    dir,
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
    graceMs: 2_000,
    endpoints: { redisUrl: `redis://127.0.0.1:${port}` },
    isReady: () => redisAnswersPing(port),
    readyTimeoutMs: 10_000,
  });
}

/** Whether a Redis on the loopback `port` answers PING. */
export function redisAnswersPing(port: number): Promise<boolean> {
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
