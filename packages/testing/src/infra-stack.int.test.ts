import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { isAlive } from '@fraud/supervisor';
import { membersOfGroups } from './process-groups.js';
import { waitUntil } from './wait-until.js';

const holdStack = fileURLToPath(new URL('../test-fixtures/hold-stack.mjs', import.meta.url));

async function infraDataDirs(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(tmpdir())).filter((name) => name.startsWith('fraud-infra-')).sort();
}

describe('the local stack', () => {
  it('leaves no infrastructure process or data behind when its owner is killed with SIGKILL', async () => {
    const dirsBefore = await infraDataDirs();
    const owner = spawn(process.execPath, [holdStack], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: owner.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      owner.once('exit', (code) => {
        reject(new Error(`hold-stack exited with ${code}`));
      });
    });
    const { pids } = JSON.parse(first) as { pids: number[] };

    // Kafka, Redis, Kinesis, DynamoDB and moto: five process groups, all running.
    expect(pids).toHaveLength(5);
    expect(pids.every(isAlive)).toBe(true);
    expect((await membersOfGroups(pids)).length).toBeGreaterThanOrEqual(5);
    expect(await infraDataDirs()).toHaveLength(dirsBefore.length + 5);

    const ownerExit = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await ownerExit;

    await waitUntil(async () => (await membersOfGroups(pids)).length === 0, {
      description: 'every infrastructure process group to be gone',
      timeoutMs: 20_000,
    });
    expect(await membersOfGroups(pids)).toEqual([]);
    // The five data directories the owner created went with their processes.
    await waitUntil(async () => (await infraDataDirs()).length === dirsBefore.length, {
      description: 'the data directories to be removed',
      timeoutMs: 5_000,
    });
    expect(await infraDataDirs()).toEqual(dirsBefore);
  }, 180_000);
});
