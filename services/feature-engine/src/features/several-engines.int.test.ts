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
import { kclWorkerId, ownLeaseTable, type LeaseTable } from '../test-support/lease-table.js';
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
 *
 * On Kinesis the KCL 2.5 lease taker of each worker (every 2 × the failover
 * time, about 10 s locally) takes leases not renewed for the failover time
 * (the killed engine's), and a worker under its share, ceil(leases /
 * workers), steals one from the most loaded worker: the newcomer, needing
 * 2 of the 4 leases, steals one at its first pass, as it starts
 * (DynamoDBLeaseTaker). The lease table then names the three live
 * engines, with 2, 1 and 1 leases.
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
    // The group of the engine's transactions consumer (main.ts), and on Kinesis its lease table.
    const group = `${prefix}feature-engine`;
    const published = serviceStream(41, COUNT, 120, 300_000);
    const distinctIds = new Set(published.map((t) => t.transactionId)).size;
    let cluster: RunningInfra<RedisClusterEndpoints> | undefined;
    let leases: LeaseTable | undefined;
    let publisher: StreamTransport | undefined;
    let env: Record<string, string> = {};
    const engines: ServiceProcess[] = [];
    const killedPublished: number[] = [];
    let killed: ServiceExit | undefined;
    /** Kinesis: the killed engine's worker identifier and the leases it held just before the kill. */
    let killedWorker = '';
    let killedLeases = 0;

    const vectorsPublished = (service: ServiceProcess): Promise<number> =>
      metricSample(service.baseUrl, 'transport_records_published_total', { stream: names.transactionFeatures });

    /** Kinesis: the worker holding each lease of the group's lease table. */
    const leaseOwners = async (): Promise<(string | undefined)[]> => {
      if (leases === undefined) throw new Error('no lease table');
      return [...(await leases.owners(group)).values()];
    };
    const leasesHeld = async (worker: string): Promise<number> =>
      (await leaseOwners()).filter((owner) => owner === worker).length;

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
      if (transport === 'kinesis') {
        killedWorker = kclWorkerId(victim, group);
        killedLeases = await leasesHeld(killedWorker);
      }
      killed = await victim.stop('SIGKILL');
      await second;
      // A new engine joins; once it holds a lease (Kinesis), the rest arrives.
      const newcomer = await startEngine();
      engines.push(newcomer);
      if (transport === 'kinesis') {
        const worker = kclWorkerId(newcomer, group);
        await waitUntil(async () => (await leasesHeld(worker)) > 0, {
          description: 'the newcomer holding a lease of transactions',
          timeoutMs: 60_000,
          intervalMs: 500,
        });
      }
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

    it('shared the work: the killed engine, the survivors and the newcomer published vectors', async () => {
      expect(killed).toEqual({ code: null, signal: 'SIGKILL' });
      expect(killedPublished[0]).toBeGreaterThan(0);
      const [first = 0, second = 0, newcomer = 0] = await Promise.all(engines.map(vectorsPublished));
      expect(Math.min(first, second)).toBeGreaterThan(0);
      expect(newcomer).toBeGreaterThan(0);
    });

    it.runIf(transport === 'kinesis')(
      "moved the leases both ways: the killed engine's went to the others and the newcomer took one, 2, 1 and 1 leases held by the three live engines",
      async () => {
        expect(killedLeases).toBeGreaterThan(0);
        const owners = await leaseOwners();
        expect(owners).toHaveLength(partitions);
        expect(owners).not.toContain(killedWorker);
        const held = engines.map((engine) => owners.filter((owner) => owner === kclWorkerId(engine, group)).length);
        // The survivors', then the newcomer's.
        expect(held[2]).toBeGreaterThan(0);
        expect(held.toSorted()).toEqual([1, 1, 2]);
      },
    );
  },
);
