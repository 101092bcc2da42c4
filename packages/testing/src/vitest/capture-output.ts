import fs from 'node:fs';

import { setServiceOutputListener } from '../service-output.js';

/**
 * A setup file of every project (vitest.config.ts): in each test worker,
 * whatever is written to the process's stdout or stderr (pino loggers, on
 * `process.stderr` or straight on fd 2; kafkajs; Node's warnings) and every
 * line a service process started with `startServiceProcess` prints goes
 * through Vitest's console instead. Vitest files console output under the
 * test running at the time (under its suite or file during hooks), and with
 * `silent: 'passed-only'` the reporter prints it for failed tests, suites and
 * files only: a green run stays quiet, a red one shows the logs that explain
 * it.
 */

let forwarding = false;

function toConsole(stream: 'stdout' | 'stderr', text: string): void {
  if (text === '') return;
  // One line per call: Vitest's console adds the newline back.
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  forwarding = true;
  try {
    if (stream === 'stdout') console.log('%s', line);
    else console.error('%s', line);
  } finally {
    forwarding = false;
  }
}

function textOf(chunk: unknown, encoding?: BufferEncoding): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) {
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(encoding);
  }
  return String(chunk);
}

function routeStream(name: 'stdout' | 'stderr'): void {
  const stream = process[name];
  const original = stream.write.bind(stream);
  stream.write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const done = typeof encoding === 'function' ? encoding : callback;
    // Should the console ever write here itself (console interception off), write for real.
    if (forwarding) return original(chunk as string, encoding as BufferEncoding, done as () => void);
    toConsole(name, textOf(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined));
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}

function streamOfFd(fd: unknown): 'stdout' | 'stderr' | undefined {
  if (forwarding) return undefined;
  return fd === 1 ? 'stdout' : fd === 2 ? 'stderr' : undefined;
}

/** What `fs.write`/`fs.writeSync` would write of `data`: a string, or a buffer with optional offset and length. */
function written(data: unknown, rest: unknown[]): { text: string; bytes: number } {
  if (typeof data === 'string') {
    const encoding = rest.find((arg): arg is BufferEncoding => typeof arg === 'string');
    return { text: data, bytes: Buffer.byteLength(data, encoding) };
  }
  if (ArrayBuffer.isView(data)) {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const [offset, length] = rest;
    const from = typeof offset === 'number' ? offset : 0;
    const to = typeof length === 'number' ? from + length : bytes.length;
    return { text: bytes.subarray(from, to).toString(), bytes: to - from };
  }
  return { text: String(data), bytes: 0 };
}

// pino.destination(1 or 2) (sonic-boom) writes with fs.writeSync/fs.write on the descriptor.
function routeFileDescriptors(): void {
  const writeSync = fs.writeSync;
  const write = fs.write;
  fs.writeSync = (fd: number, data: unknown, ...rest: unknown[]): number => {
    const stream = streamOfFd(fd);
    if (stream === undefined) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
    const { text, bytes } = written(data, rest);
    toConsole(stream, text);
    return bytes;
  };
  fs.write = ((fd: number, data: unknown, ...rest: unknown[]): void => {
    const stream = streamOfFd(fd);
    if (stream === undefined) {
      (write as (...args: unknown[]) => void)(fd, data, ...rest);
      return;
    }
    const callback = rest.pop() as (error: Error | null, bytes: number, data: unknown) => void;
    const { text, bytes } = written(data, rest);
    toConsole(stream, text);
    process.nextTick(() => {
      callback(null, bytes, data);
    });
  }) as typeof fs.write;
}

// Once per worker process, should one run several files.
const ROUTED = Symbol.for('@fraud/testing:output-routed');
const worker = globalThis as { [ROUTED]?: boolean };
if (worker[ROUTED] !== true) {
  worker[ROUTED] = true;
  routeStream('stdout');
  routeStream('stderr');
  routeFileDescriptors();
  setServiceOutputListener((service, stream, line) => {
    toConsole(stream, `[${service}] ${line}`);
  });
}
