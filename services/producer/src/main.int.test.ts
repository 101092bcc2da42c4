import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fatalLine, runServiceToExit } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { PRODUCER_ENTRY, TEST_HMAC_KEY } from './test-support/producer-env.js';

vi.setConfig({ testTimeout: 60_000 });

describe('the producer entry point', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'producer-main-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops at start naming every missing or invalid setting (exit 78)', async () => {
    const run = await runServiceToExit({
      entry: PRODUCER_ENTRY,
      env: { PATH: process.env.PATH, TRANSPORT: 'kafka', PAN_HMAC_KEY: 'short', INGEST_MAX_BODY_BYTES: 'big' },
    });
    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout).problems).toEqual([
      { variable: 'PAN_HMAC_KEY', problem: 'is invalid (must be at least 32 characters (a random secret))' },
      { variable: 'INGEST_API_KEYS', problem: 'is required' },
      { variable: 'INGEST_MAX_BODY_BYTES', problem: 'is invalid (must be a positive integer)' },
      { variable: 'KAFKA_BROKERS', problem: 'is required when TRANSPORT=kafka' },
    ]);
    expect(run.stdout).not.toContain('short');
  });

  it('stops at start naming every bad simulate option (exit 64) and prints the usage', async () => {
    const run = await runServiceToExit({
      entry: PRODUCER_ENTRY,
      args: ['simulate', '--rate', 'fast', '--speed', '2', '--colour', 'red'],
      env: { PATH: process.env.PATH },
    });
    expect(run.code).toBe(64);
    expect(fatalLine(run.stdout).problems).toEqual([
      { variable: '--colour', problem: 'is not an option of simulate' },
      { variable: 'red', problem: 'is not an option of simulate' },
      { variable: '--speed', problem: 'cannot be combined with --rate (choose one way to pace)' },
      { variable: '--rate', problem: "must be a number > 0 or 'max'" },
    ]);
    expect(run.stderr).toContain('usage: main.js simulate [options]');
  });

  it('refuses an unknown command (exit 64)', async () => {
    const run = await runServiceToExit({ entry: PRODUCER_ENTRY, args: ['simulat'], env: { PATH: process.env.PATH } });
    expect(run.code).toBe(64);
    expect(fatalLine(run.stdout).msg).toBe("unknown command 'simulat'; expected none (ingest API) or 'simulate'");
  });

  it('exports a dataset with only PAN_HMAC_KEY set, identical for the same seed, and never overwrites it', async () => {
    const exportTo = (out: string) =>
      runServiceToExit({
        entry: PRODUCER_ENTRY,
        args: ['simulate', '--seed', '5', '--customers', '40', '--merchants', '20', '--days', '3', '--out', out],
        env: { PATH: process.env.PATH, PAN_HMAC_KEY: TEST_HMAC_KEY },
      });
    const first = await exportTo(join(dir, 'a'));
    const second = await exportTo(join(dir, 'b'));
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stdout).toContain('"msg":"dataset exported"');
    const files = (await readdir(join(dir, 'a'))).sort();
    expect(files).toEqual(['labels.csv', 'labels.jsonl', 'manifest.json', 'transactions.csv', 'transactions.jsonl']);
    for (const file of files) {
      expect(await readFile(join(dir, 'b', file))).toEqual(await readFile(join(dir, 'a', file)));
    }

    const again = await exportTo(join(dir, 'a'));
    expect(again.code).toBe(1);
    expect(fatalLine(again.stdout).msg).toBe('dataset export failed');
  });
});
