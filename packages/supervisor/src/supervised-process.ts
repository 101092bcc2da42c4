import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SupervisedProcessOptions {
  /** Short name for messages, e.g. "kafka". */
  name: string;
  command: string;
  args: readonly string[];
  /** Where the process's stdout and stderr are appended. */
  logFile: string;
  /** Removed by the watchdog if this process (the owner) dies without stopping the command. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Time between SIGTERM and SIGKILL on stop. */
  graceMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

export interface SupervisedProcess {
  readonly name: string;
  /** Process id of the command, which is also its process-group id. */
  readonly pid: number;
  readonly logFile: string;
  /** Settles when the command exits; rejects so waiting on readiness can stop early. */
  readonly exited: Promise<never>;
  /** Kills the command's whole process group, SIGTERM then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

const watchdogPath = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './watchdog.ts' : './watchdog.js', import.meta.url),
);

// Groups still running, killed synchronously if the owner exits without stopping them.
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * Starts a command under a watchdog (see watchdog.ts) so that it cannot
 * outlive this process, however this process ends.
 */
export async function startSupervised(options: SupervisedProcessOptions): Promise<SupervisedProcess> {
  const graceMs = options.graceMs ?? 5_000;
  const watchdog = spawn(
    process.execPath,
    [watchdogPath, String(graceMs), options.logFile, options.dataDir ?? '-', options.command, ...options.args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    },
  );
  const messages = createInterface({ input: watchdog.stdout });
  let pid = 0;
  const exited = new Promise<never>((_, reject) => {
    const fail = (why: string): void => {
      reject(new Error(`${options.name} exited ${why} (log: ${options.logFile})`));
    };
    messages.on('line', (line) => {
      const message = JSON.parse(line) as { exited?: number | null; signal?: string | null };
      if ('exited' in message) fail(`with code ${message.exited} signal ${message.signal}`);
    });
    watchdog.once('exit', () => {
      fail('(watchdog ended)');
    });
  });
  exited.catch(() => undefined);

  pid = await new Promise<number>((resolve, reject) => {
    messages.once('line', (line) => {
      const message = JSON.parse(line) as { started?: number; error?: string };
      if (message.started !== undefined) resolve(message.started);
      else reject(new Error(`${options.name} could not start: ${message.error ?? line}`));
    });
    watchdog.once('error', reject);
    watchdog.once('exit', () => {
      reject(new Error(`${options.name}: watchdog ended before the process started`));
    });
  });
  liveGroups.add(pid);

  return {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    stop: () => stopWatchdog(watchdog, pid, graceMs),
  };
}

async function stopWatchdog(watchdog: ChildProcess, pgid: number, graceMs: number): Promise<void> {
  if (watchdog.exitCode === null && watchdog.signalCode === null) {
    const ended = new Promise<void>((resolve) =>
      watchdog.once('exit', () => {
        resolve();
      }),
    );
    // A signal, not end-of-file: end-of-file means the owner died, and the data dir goes too.
    watchdog.kill('SIGTERM');
    const timer = setTimeout(() => watchdog.kill('SIGKILL'), graceMs + 5_000);
    await ended;
    clearTimeout(timer);
  }
  // Whatever the watchdog managed, the group must be gone before we return.
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  liveGroups.delete(pgid);
}
