import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../../../test-fixtures/consume-to-file.mjs', import.meta.url));

export interface HandledLine {
  partition: string;
  position: string;
  key: string;
  value: string;
}

export interface ConsumerProcess {
  readonly pid: number;
  /** Resolves with the exit and how long it took after the signal. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; elapsedMs: number }>;
}

/** Starts the consume-to-file fixture and waits until it consumes. */
export async function startConsumerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Through this process's stderr, which the test run shows when the test fails.
  child.stderr.pipe(process.stderr, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('consumer process did not become ready'));
    }, timeoutMs);
    createInterface({ input: child.stdout }).once('line', () => {
      clearTimeout(timer);
      resolve();
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`consumer process exited with ${code} before it was ready`));
    });
  });
  return {
    pid: child.pid ?? 0,
    signal: async (signal) => {
      const started = Date.now();
      child.kill(signal);
      const exit = await exited;
      return { ...exit, elapsedMs: Date.now() - started };
    },
  };
}

export async function readHandled(file: string): Promise<HandledLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [partition = '', position = '', key = '', ...rest] = line.split(' ');
      return { partition, position, key, value: rest.join(' ') };
    });
}
