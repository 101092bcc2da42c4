import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import { Random } from '@fraud/simulator';
import {
  metricSample,
  type ServiceExit,
  type ServiceProcess,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { engineStreams, FEATURE_ENGINE_ENTRY, featureEngineEnv } from '../test-support/feature-engine-env.js';
import { descendants, stillRunning, type ProcessEntry } from '../test-support/process-tree.js';
import { ownLeaseTable, type LeaseTable } from '../test-support/lease-table.js';
import { publishTransactions } from '../test-support/publish-transactions.js';
import { emittedIdCount, readServiceStreams, referenceParity } from '../test-support/reference-parity.js';
import { serviceStream } from '../test-support/service-stream.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 480_000 });

const COUNT = 6_000;
const KILLS = 3;
const SEED = 23;
// One share of the records per engine process: each process is killed while its share arrives…
const SHARE = COUNT / (KILLS + 1);
// …over about 4 s, 15 chunks 200 ms apart.
const PACING = { chunk: 100, pauseMs: 200 };

/** The JVM of the KCL MultiLangDaemon (its watchdog's command line names it too). */
const DAEMON_COMMAND = /^\S*java .*software\.amazon\.kinesis\.multilang\.MultiLangDaemon/;

/** What one `kill -9` found. */
interface Kill {
  /** Feature vectors the killed process had published a second before the kill, and at the kill. */
  publishedSecondBefore: number;
  publishedAtKill: number;
  /** Distinct transactionIds with a feature vector in the output stream once the process was dead. */
  emittedAfterKill: number;
  exit: ServiceExit;
  /** The engine's child processes just before the kill, and those of them still running 15 s after it at most. */
  children: ProcessEntry[];
  leftOver: ProcessEntry[];
}

describe.each(['kafka', 'kinesis'] as const)('the feature engine killed with SIGKILL under load on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`crash-${transport}`);
  const names = streamNames(prefix);
  const published = serviceStream(SEED, COUNT, 80, 300_000);
  const distinctIds = new Set(published.map((t) => t.transactionId)).size;
  const random = Random.for(SEED, 'kill-moments', transport);
  const kills: Kill[] = [];
  let publisher: StreamTransport | undefined;
  let engine: ServiceProcess | undefined;
  let leases: LeaseTable | undefined;
  let env: Record<string, string> = {};

  // A restarted engine answers once its consumer started: on Kafka after the
  // group dropped the killed member (its 30 s session timeout), on Kinesis
  // once the KCL daemon took leases.
  const startEngine = (): Promise<ServiceProcess> =>
    startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 150_000 });

  const vectorsPublished = (service: ServiceProcess): Promise<number> =>
    metricSample(service.baseUrl, 'transport_records_published_total', { stream: names.transactionFeatures });

  const emittedIds = (): Promise<number> => emittedIdCount(transport, infra, names.transactionFeatures);

  async function killUnderLoad(running: ServiceProcess, delayMs: number): Promise<Kill> {
    // This process is processing: it has published feature vectors.
    await waitUntil(async () => (await vectorsPublished(running)) > 0, {
      description: 'the engine publishing feature vectors',
      timeoutMs: 150_000,
      intervalMs: 100,
    });
    await sleep(delayMs - 1_000);
    const publishedSecondBefore = await vectorsPublished(running);
    await sleep(1_000);
    const publishedAtKill = await vectorsPublished(running);
    const children = await descendants(running.pid);
    const exit = await running.stop('SIGKILL');
    let leftOver = children;
    await waitUntil(
      async () => {
        leftOver = await stillRunning(children);
        return leftOver.length === 0;
      },
      { description: 'the killed engine’s child processes to end', timeoutMs: 15_000 },
    ).catch(() => undefined);
    return { publishedSecondBefore, publishedAtKill, emittedAfterKill: await emittedIds(), exit, children, leftOver };
  }

  beforeAll(async () => {
    leases = await ownLeaseTable(transport);
    env = featureEngineEnv(inject('infraEnv'), transport, prefix, leases.env);
    const test = testTransport(env);
    publisher = test;
    await test.connect();
    await test.ensureStreams(engineStreams(names), 4);
    const publishShare = (n: number): Promise<number> =>
      publishTransactions(test.publisher, names.transactions, published.slice(n * SHARE, (n + 1) * SHARE), PACING);
    engine = await startEngine();
    let publishing = Promise.resolve(0);
    for (let n = 0; n < KILLS; n++) {
      // After the previous share, so each card's records stay in order.
      await publishing;
      publishing = publishShare(n);
      publishing.catch(() => undefined);
      // 1 to 4 s into this process's processing, while its share still arrives.
      kills.push(await killUnderLoad(engine, 1_000 + random.integer(3_000)));
      engine = await startEngine();
    }
    await publishing;
    await publishShare(KILLS);
    await waitUntil(async () => (await emittedIds()) >= distinctIds, {
      description: `feature vectors for all ${distinctIds} transactionIds`,
      timeoutMs: 240_000,
      intervalMs: 2_000,
    });
  });

  afterAll(async () => {
    const exit = await engine?.stop();
    await publisher?.close();
    await leases?.stop();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('loses no record and counts none twice: the first vector per transactionId equals the offline reference', async () => {
    const { inputs, outputs } = await readServiceStreams(transport, infra, names);
    expect(inputs).toHaveLength(COUNT);
    expect(referenceParity(inputs, outputs)).toEqual({ missing: [], unexpected: [], mismatches: [] });
  });

  it('was killed three times, at least once while feature vectors were being published and records remained', () => {
    expect(kills.map((kill) => kill.exit)).toEqual(
      Array.from({ length: KILLS }, () => ({ code: null, signal: 'SIGKILL' })),
    );
    const underLoad = kills.filter(
      (kill) => kill.publishedAtKill > kill.publishedSecondBefore && kill.emittedAfterKill < distinctIds,
    );
    expect(
      underLoad.length,
      JSON.stringify(kills.map(({ children: _, leftOver: __, ...counts }) => counts)),
    ).toBeGreaterThan(0);
  });

  it('leaves none of the killed engine’s child processes running (on Kinesis its KCL daemons and record processors)', () => {
    expect(kills.map((kill) => kill.leftOver)).toEqual(Array.from({ length: KILLS }, () => []));
    const daemons = kills.map((kill) => kill.children.filter((child) => DAEMON_COMMAND.test(child.command)).length);
    // On Kinesis one KCL daemon per consumed stream: transactions and fraud-confirmations.
    expect(daemons).toEqual(Array.from({ length: KILLS }, () => (transport === 'kinesis' ? 2 : 0)));
  });
});
