import { join } from 'node:path';

import { removeDataDir } from '../data-dir.js';
import type { RunningInfra } from '../infra-types.js';
import { startSupervised } from '@fraud/supervisor';
import { waitUntil } from '../wait-until.js';

export interface LocalServerOptions<E> {
  /** Short name: the log is `<dir>/<name>.log`. */
  name: string;
  /** The server's own temporary directory (data, config, log); removed on stop. */
  dir: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** SIGTERM to SIGKILL. */
  graceMs: number;
  endpoints: E;
  /** Resolves true (or throws why not) once the server serves requests. */
  isReady: () => Promise<boolean>;
  readyTimeoutMs: number;
  readyIntervalMs?: number;
}

/**
 * The life of every local infrastructure server: started under a watchdog in
 * its own directory, awaited until it answers, stopped with its directory
 * removed. When it never becomes ready the directory stays, so its log can
 * say why.
 */
export async function runLocalServer<E>(options: LocalServerOptions<E>): Promise<RunningInfra<E>> {
  const logFile = join(options.dir, `${options.name}.log`);
  const server = await startSupervised({
    name: options.name,
    command: options.command,
    args: options.args,
    env: options.env,
    logFile,
    dataDir: options.dir,
    cwd: options.dir,
    graceMs: options.graceMs,
  });
  try {
    await waitUntil(options.isReady, {
      description: `${options.name} (log: ${logFile})`,
      timeoutMs: options.readyTimeoutMs,
      intervalMs: options.readyIntervalMs,
      abort: server.exited,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    name: options.name,
    endpoints: options.endpoints,
    pids: [server.pid],
    stop: async () => {
      await server.stop();
      await removeDataDir(options.dir);
    },
  };
}
