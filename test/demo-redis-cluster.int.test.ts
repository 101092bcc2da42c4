import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { DemoReport } from '@fraud/demo';
import { repoRoot } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  descendants,
  stillRunning,
  type ProcessEntry,
} from '../services/feature-engine/src/test-support/process-tree.js';

// The demo as a user runs it (compiled, its own Node process), with its own
// stack: 10 s of the default 200 tx/s, about 30 s in all here.
const DEMO = join(repoRoot(import.meta.url), 'packages', 'demo', 'dist', 'cli', 'demo.js');
const ARGS = ['--redis-cluster', '--duration', '10'];

describe('npm run demo -- --redis-cluster', () => {
  let exitCode: number | null;
  let stdout = '';
  let stderr = '';
  /** Every process the demo had running under it at any of the looks taken while it ran. */
  const seen = new Map<number, ProcessEntry>();
  let leftOver: ProcessEntry[];
  let reportDir: string | undefined;
  let report: DemoReport;
  let page: string;

  beforeAll(async () => {
    const demo = spawn(process.execPath, [DEMO, ...ARGS], { stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    const exitedWithin = (ms: number): Promise<boolean> =>
      Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);
    do {
      for (const entry of await descendants(demo.pid ?? -1)) seen.set(entry.pid, entry);
    } while (!(await exitedWithin(500)));
    exitCode = await exited;
    leftOver = await stillRunning([...seen.values()]);
    reportDir = /report written to (\S+)\/report\.md/.exec(stdout)?.[1];
    if (reportDir !== undefined) {
      report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as DemoReport;
      page = await readFile(join(reportDir, 'report.md'), 'utf8');
    }
  }, 240_000);

  afterAll(async () => {
    if (reportDir !== undefined) await rm(reportDir, { recursive: true, force: true });
  });

  it('runs to the end and says it ran on a Redis Cluster of 3 primaries', () => {
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toContain(
      'demo: starting the local infrastructure (Kafka, Redis, a Redis Cluster of 3 primaries, kinesis-local, dynalite, moto)',
    );
    expect(stdout).toMatch(/demo: \d+ transactions, \d+ scores, [1-9]\d* alerts on a Redis Cluster of 3 primaries;/);
    expect(report.run.redis).toEqual({ cluster: true, primaries: 3 });
    expect(page.split('\n')[0]).toBe(
      '# Fraud detection demo: kafka, 200 tx/s for 10 s on a Redis Cluster of 3 primaries',
    );
    expect(page).toContain('\nRedis: a Redis Cluster of 3 primaries (every service with `REDIS_CLUSTER=true`).\n');
  });

  it('scores every transaction once on the cluster, raises alerts and dead-letters nothing', () => {
    const { delivery } = report.figures;
    // 200 tx/s for 10 s.
    expect(delivery.transactions).toBeGreaterThanOrEqual(1_900);
    expect(delivery.scores).toMatchObject({ scored: delivery.transactions, missing: 0, repeated: 0 });
    expect(delivery.alerts.alerts).toBeGreaterThan(0);
    expect(delivery.alerts.missingNotices).toBe(0);
    expect(Object.values(report.deadLetters).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('ran three cluster nodes beside the single Redis, and left no process of its own behind', () => {
    const redisServers = [...seen.values()].filter((entry) => entry.command.startsWith('redis-server'));
    expect(redisServers.filter((entry) => entry.command.endsWith('[cluster]'))).toHaveLength(3);
    expect(redisServers).toHaveLength(4);
    expect(leftOver).toEqual([]);
  });
});
