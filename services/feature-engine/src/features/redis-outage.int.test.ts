import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import {
  freePort,
  metricSample,
  readStream,
  type RedisEndpoints,
  type RunningInfra,
  type ServiceExit,
  type ServiceProcess,
  startLocalRedis,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { engineStreams, FEATURE_ENGINE_ENTRY, featureEngineEnv } from '../test-support/feature-engine-env.js';
import { ownLeaseTable, type LeaseTable } from '../test-support/lease-table.js';
import { publishTransactions } from '../test-support/publish-transactions.js';
import { emittedIdCount, readServiceStreams, referenceParity } from '../test-support/reference-parity.js';
import { serviceStream } from '../test-support/service-stream.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 360_000 });

const COUNT = 6_000;
const SEED = 31;
const OUTAGE_MS = 10_000;
// A burst the engine is still working through when Redis stops…
const BURST = 2_000;
// …then about 25 s of load: records keep arriving during the outage and after it.
const PACING = { chunk: 50, pauseMs: 250 };

/** What the engine showed while Redis was down. */
interface Outage {
  /** The input stream's length when Redis stopped, and when it started again. */
  inputsAtStop: number;
  inputsAtRestart: number;
  /** Feature vectors the engine had published 2 s into the outage, and at its end. */
  publishedEarly: number;
  publishedLate: number;
  /** Distinct transactionIds with a feature vector when Redis came back. */
  emittedAtRestart: number;
  /** `/health/ready` during the outage. */
  readiness: { status: number; redis: unknown };
}

interface ReadinessBody {
  checks?: { redis?: { ok?: boolean } };
}

describe.each(['kafka', 'kinesis'] as const)('the feature engine through a 10 s Redis outage on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`redis-outage-${transport}`);
  const names = streamNames(prefix);
  const published = serviceStream(SEED, COUNT, 80, 300_000);
  const distinctIds = new Set(published.map((t) => t.transactionId)).size;
  let dataDir: string | undefined;
  // A Redis of its own, with its data on disk: the shared stack's Redis serves other tests.
  let redis: RunningInfra<RedisEndpoints> | undefined;
  let publisher: StreamTransport | undefined;
  let engine: ServiceProcess | undefined;
  let leases: LeaseTable | undefined;
  let exitedEarly: ServiceExit | undefined;
  let outage: Outage;

  const vectorsPublished = (service: ServiceProcess): Promise<number> =>
    metricSample(service.baseUrl, 'transport_records_published_total', { stream: names.transactionFeatures });
  const inputCount = async (): Promise<number> => (await readStream(transport, infra, names.transactions)).length;
  const running = (): ServiceProcess => {
    if (engine === undefined) throw new Error('the engine did not start');
    return engine;
  };
  const emittedIds = (): Promise<number> => emittedIdCount(transport, infra, names.transactionFeatures);

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fraud-redis-outage-'));
    dataDir = dir;
    const port = await freePort();
    redis = await startLocalRedis({ port, dataDir: dir });
    leases = await ownLeaseTable(transport);
    const env = featureEngineEnv(inject('infraEnv'), transport, prefix, {
      ...leases.env,
      REDIS_URL: redis.endpoints.redisUrl,
    });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(engineStreams(names), 4);
    engine = await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 120_000 });
    void engine.exited.then((exit) => {
      exitedEarly ??= exit;
    });

    await publishTransactions(publisher.publisher, names.transactions, published.slice(0, BURST), { chunk: 500 });
    const publishing = publishTransactions(publisher.publisher, names.transactions, published.slice(BURST), PACING);
    publishing.catch(() => undefined);
    await waitUntil(async () => (await vectorsPublished(running())) >= 200, {
      description: 'the engine publishing feature vectors',
      timeoutMs: 120_000,
      intervalMs: 100,
    });

    // A real stop: the process exits and its port closes.
    await redis.stop();
    redis = undefined;
    const stoppedAt = Date.now();
    const inputsAtStop = await inputCount();
    await sleep(2_000 - (Date.now() - stoppedAt));
    const publishedEarly = await vectorsPublished(running());
    const ready = await fetch(`${running().baseUrl}/health/ready`);
    const readiness = { status: ready.status, redis: ((await ready.json()) as ReadinessBody).checks?.redis?.ok };
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    const publishedLate = await vectorsPublished(running());
    const inputsAtRestart = await inputCount();
    const emittedAtRestart = await emittedIds();
    redis = await startLocalRedis({ port, dataDir: dir });
    outage = { inputsAtStop, inputsAtRestart, publishedEarly, publishedLate, emittedAtRestart, readiness };

    await publishing;
    await waitUntil(async () => (await emittedIds()) >= distinctIds, {
      description: `feature vectors for all ${distinctIds} transactionIds`,
      timeoutMs: 180_000,
      intervalMs: 2_000,
    });
  });

  afterAll(async () => {
    const exit = await engine?.stop();
    await publisher?.close();
    await redis?.stop();
    await leases?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('loses no record and counts none twice: the first vector per transactionId equals the offline reference', async () => {
    const { inputs, outputs } = await readServiceStreams(transport, infra, names);
    expect(inputs).toHaveLength(COUNT);
    expect(referenceParity(inputs, outputs)).toEqual({ missing: [], unexpected: [], mismatches: [] });
  });

  it('held the records that kept arriving while Redis was down, reported not ready, and dead-lettered none', async () => {
    expect(outage.inputsAtRestart).toBeGreaterThan(outage.inputsAtStop);
    expect(outage.publishedLate).toBe(outage.publishedEarly);
    expect(outage.emittedAtRestart).toBeLessThan(distinctIds);
    expect(outage.readiness).toEqual({ status: 503, redis: false });
    expect(await metricSample(running().baseUrl, 'transport_dead_lettered_total')).toBe(0);
  });

  it('resumed by itself in the same process, which retried while Redis was down and is ready again', async () => {
    expect(exitedEarly).toBeUndefined();
    const { baseUrl } = running();
    expect(
      await metricSample(baseUrl, 'transport_retries_total', { stream: names.transactions, kind: 'transient' }),
    ).toBeGreaterThan(0);
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
  });
});
