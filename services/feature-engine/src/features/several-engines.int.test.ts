import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import {
  metricSample,
  type RedisClusterEndpoints,
  type RunningInfra,
  type ServiceExit,
  type ServiceProcess,
  startLocalRedisCluster,
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

vi.setConfig({ testTimeout: 60_000, hookTimeout: 600_000 });

const COUNT = 6_000;
const SHARE = COUNT / 3;
const PACING = { chunk: 100, pauseMs: 150 };

/**
 * Three feature engines share the partitions of `transactions`, their
 * state on a Redis Cluster of 3 primaries. Under load one is killed with
 * SIGKILL (its partitions go to the others), and later a fourth joins (the
 * partitions are spread again): cards change owner both ways, an owner's
 * cache goes stale, and a batch may be stepped twice.
 */
describe.each([
  ['kafka', 8],
  ['kinesis', 4],
] as const)(
  'three feature engines on a Redis Cluster, one killed and one joining (%s, %i partitions)',
  (transport, partitions) => {
    const infra = inject('infra');
    const prefix = uniqueStreamPrefix(`several-${transport}`);
    const names = streamNames(prefix);
    const published = serviceStream(41, COUNT, 120, 300_000);
    const distinctIds = new Set(published.map((t) => t.transactionId)).size;
    let cluster: RunningInfra<RedisClusterEndpoints> | undefined;
    let leases: LeaseTable | undefined;
    let publisher: StreamTransport | undefined;
    let env: Record<string, string> = {};
    const engines: ServiceProcess[] = [];
    const killedPublished: number[] = [];
    let killed: ServiceExit | undefined;

    const vectorsPublished = (service: ServiceProcess): Promise<number> =>
      metricSample(service.baseUrl, 'transport_records_published_total', { stream: names.transactionFeatures });

    const startEngine = (): Promise<ServiceProcess> =>
      startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 150_000 });

    beforeAll(async () => {
      cluster = await startLocalRedisCluster();
      leases = await ownLeaseTable(transport);
      env = featureEngineEnv(inject('infraEnv'), transport, prefix, {
        ...leases.env,
        REDIS_URL: cluster.endpoints.redisClusterNodes[0] ?? '',
        REDIS_CLUSTER: 'true',
      });
      const test = testTransport(env);
      publisher = test;
      await test.connect();
      await test.ensureStreams([names.transactions], partitions);
      await test.ensureStreams(engineStreams(names), 4);
      let next = 0;
      const publishNext = async (count: number): Promise<void> => {
        const chunk = published.slice(next, next + count);
        next += chunk.length;
        await publishTransactions(test.publisher, names.transactions, chunk, PACING);
      };

      engines.push(...(await Promise.all([startEngine(), startEngine(), startEngine()])));
      // Load until every engine has partitions and works (the group, or the KCL's leases, settle meanwhile).
      await waitUntil(
        async () => {
          if (next < 2 * SHARE) await publishNext(50);
          return (await Promise.all(engines.map(vectorsPublished))).every((count) => count > 0);
        },
        { description: 'each of the three engines publishing feature vectors', timeoutMs: 240_000, intervalMs: 500 },
      );
      // Killed while the next records arrive.
      const second = publishNext(Math.max(SHARE / 2, 2 * SHARE - next));
      second.catch(() => undefined);
      await sleep(1_500);
      const victim = engines.shift();
      if (victim === undefined) throw new Error('no engine to kill');
      killedPublished.push(await vectorsPublished(victim));
      killed = await victim.stop('SIGKILL');
      await second;
      // A new engine joins; then the rest arrives.
      engines.push(await startEngine());
      await publishNext(COUNT - next);
      await waitUntil(async () => (await emittedIdCount(transport, infra, names.transactionFeatures)) >= distinctIds, {
        description: `feature vectors for all ${distinctIds} transactionIds`,
        timeoutMs: 300_000,
        intervalMs: 2_000,
      });
    });

    afterAll(async () => {
      const exits = await Promise.all(engines.map((engine) => engine.stop()));
      await publisher?.close();
      await leases?.stop();
      await cluster?.stop();
      expect(exits).toEqual(engines.map(() => ({ code: 0, signal: null })));
    });

    it('loses no record and counts none twice: the first vector per transactionId equals the offline reference', async () => {
      const { inputs, outputs } = await readServiceStreams(transport, infra, names);
      expect(inputs).toHaveLength(COUNT);
      expect(referenceParity(inputs, outputs)).toEqual({ missing: [], unexpected: [], mismatches: [] });
    });

    it('shared the work: the killed engine and the survivors published vectors, and on Kafka the newcomer too', async () => {
      expect(killed).toEqual({ code: null, signal: 'SIGKILL' });
      expect(killedPublished[0]).toBeGreaterThan(0);
      const [first = 0, second = 0, newcomer = 0] = await Promise.all(engines.map(vectorsPublished));
      expect(Math.min(first, second)).toBeGreaterThan(0);
      // A consumer group rebalances at once when a member joins; the KCL hands a newcomer leases over minutes.
      if (transport === 'kafka') expect(newcomer).toBeGreaterThan(0);
    });
  },
);
