import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isAlive } from '@fraud/supervisor';
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

describe('npm run infra:up / infra:down', () => {
  let stateDir: string;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, INFRA: 'local', INFRA_STATE_DIR: stateDir });

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'infra-cli-'));
  });
  afterAll(async () => {
    await run(process.execPath, [join(dist, 'infra-down.js')], { env: env() }).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts the stack in the background, prints its endpoints, and stops it leaving nothing behind', async () => {
    const up = await run(process.execPath, [join(dist, 'infra-up.js')], { env: env(), timeout: 180_000 });
    const printed = Object.fromEntries(
      up.stdout
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
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

    await run(process.execPath, [join(dist, 'infra-down.js')], { env: env(), timeout: 60_000 });
    expect([state.supervisorPid, ...state.pids].filter(isAlive)).toEqual([]);
    expect(await readdir(stateDir)).toEqual(['supervisor.log']);
  }, 240_000);
});
