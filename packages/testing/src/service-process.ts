import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname } from 'node:path';

import { freePort } from './ports.js';
import { emitServiceOutput } from './service-output.js';
import { waitUntil } from './wait-until.js';

export interface ServiceProcessOptions {
  /** Path of the service's entry file, e.g. services/producer/dist/main.js. */
  entry: string;
  /** Command-line arguments after the entry, e.g. `['simulate', '--count', '100']`. */
  args?: readonly string[];
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Everything the service wrote to stdout so far (its JSON log lines). */
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<ServiceExit>;
  /** Sends a signal and waits for exit; SIGKILL after `graceMs` if it has not exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ServiceExit>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** `feature-engine` for services/feature-engine/dist/main.js: the directory above `dist`, else the file. */
function serviceName(entry: string): string {
  const dir = dirname(entry);
  return basename(dir) === 'dist' ? basename(dirname(dir)) : basename(entry);
}

/**
 * Keeps what a stream carries in `kept`, and hands each complete line to the
 * output listener (service-output.ts): the Vitest setup files it under the
 * running test, shown if that test fails.
 */
function collect(stream: NodeJS.ReadableStream, kept: string[], emit: (line: string) => void): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    kept.push(text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) emit(`${line}\n`);
  });
  stream.once('end', () => {
    if (partial !== '') emit(`${partial}\n`);
  });
}

function launch(options: ServiceProcessOptions): {
  child: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<ServiceExit>;
} {
  const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const name = `${serviceName(options.entry)} ${child.pid ?? '?'}`;
  const out: string[] = [];
  const err: string[] = [];
  collect(child.stdout, out, (line) => {
    emitServiceOutput(name, 'stdout', line);
  });
  collect(child.stderr, err, (line) => {
    emitServiceOutput(name, 'stderr', line);
  });
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      emitServiceOutput(name, 'stderr', `exited (${code ?? signal})\n`);
      resolve({ code, signal });
    });
  });
  return { child, out, err, exited };
}

/** Starts a service as its own Node process on a free port and waits until `/health/live` answers. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.env.HTTP_PORT ?? String(await freePort());
  const { child, out, err, exited } = launch({
    ...options,
    env: { HTTP_HOST: '127.0.0.1', ...options.env, HTTP_PORT: port },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    baseUrl,
    pid: child.pid ?? 0,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    exited,
    stop: async (signal = 'SIGTERM', graceMs = 35_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
  const died = exited.then((exit) => {
    throw new Error(
      `${options.entry} exited (${exit.code ?? exit.signal}) before it was ready:\n${service.stdout()}${service.stderr()}`,
    );
  });
  died.catch(() => undefined);
  try {
    await waitUntil(async () => (await fetch(`${baseUrl}/health/live`)).ok, {
      description: `${options.entry} on ${baseUrl}`,
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      abort: died,
    });
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
  return service;
}

/** Runs a service that is expected to exit by itself (e.g. on invalid settings) and returns its output. */
export async function runServiceToExit(
  options: ServiceProcessOptions & { timeoutMs?: number },
): Promise<ServiceExit & { stdout: string; stderr: string }> {
  const { child, out, err, exited } = launch(options);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, stdout: out.join(''), stderr: err.join('') };
}
