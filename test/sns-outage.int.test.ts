import { setTimeout as sleep } from 'node:timers/promises';

import {
  alertedTransactions,
  deadLetterCounts,
  drainPipeline,
  firstAlertedRevisions,
  observePipeline,
  runFigures,
  startPipeline,
  startSimulation,
  type Observations,
  type ObservedNotice,
  type RunFigures,
} from '@fraud/demo';
import { STREAMS } from '@fraud/contracts';
import { metricSample, startHttpProxy, uniqueStreamPrefix, waitUntil } from '@fraud/testing';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 300_000 });

const OUTAGE_MS = 10_000;
/** A publish SNS took just before the outage can still be on its way to the queue for a moment. */
const IN_FLIGHT_MS = 1_000;
const SIMULATION = { rate: 100, count: 2_500, seed: 3, customers: 2_000, fraudMultiplier: 20 };

/** What the run looked like while SNS was unreachable. */
interface Outage {
  from: number;
  until: number;
  /** Notices received from IN_FLIGHT_MS after the outage began until SNS was reachable again. */
  noticesDuring: number;
  snsFailures: number;
  /** Publishes refused by the proxy. */
  refused: number;
}

/** The transactions whose alert revision each notice carries: the hit that opened or escalated it. */
function triggersOf(observations: Observations): Map<ObservedNotice, string[]> {
  const first = firstAlertedRevisions(observations);
  return new Map(
    observations.notices.map((notice) => [
      notice,
      notice.transactionIds.filter((id) => {
        const alerted = first.get(id);
        return alerted?.alertId === notice.alertId && alerted.revision === notice.revision;
      }),
    ]),
  );
}

// On Kafka: what is tested is the alerting service holding alerts while SNS
// is away and sending each once when it is back, with the whole pipeline
// running; the transport's waiting on a transient failure is tested on both
// transports in packages/transport, and the Kinesis pipeline end to end in
// worked-example.int.test.ts.
describe('the worked example while SNS is unreachable for 10 s (kafka)', () => {
  const infra = inject('infra');
  const stack = { env: inject('infraEnv'), endpoints: infra };
  let observations: Observations;
  let figures: RunFigures;
  let deadLetters: Record<string, number>;
  let outage: Outage;

  beforeAll(async () => {
    // SNS reached through a proxy the test switches off: the emulator, shared by the suite, keeps running and its state.
    const proxy = await startHttpProxy(infra.snsEndpoint);
    const pipeline = await startPipeline(stack, {
      transport: 'kafka',
      streamPrefix: uniqueStreamPrefix('e2e-sns-outage'),
      partitions: 4,
      snsEndpoint: proxy.url,
    });
    try {
      const watch = await observePipeline(stack, pipeline);
      try {
        const simulation = await startSimulation(pipeline.settings, SIMULATION);
        // SNS worked before the outage.
        await waitUntil(() => Promise.resolve(watch.observations.notices.length > 0), {
          description: 'a first notice through SNS',
          timeoutMs: 60_000,
        });
        proxy.refuse();
        const from = Date.now();
        await sleep(IN_FLIGHT_MS);
        const noticesAfterCut = watch.observations.notices.length;
        await sleep(OUTAGE_MS - IN_FLIGHT_MS);
        const noticesDuring = watch.observations.notices.length - noticesAfterCut;
        const snsFailures = await metricSample(
          pipeline.services.alerting.baseUrl,
          'alerting_sns_publish_failures_total',
        );
        proxy.forward();
        outage = { from, until: Date.now(), noticesDuring, snsFailures, refused: proxy.refused() };
        await simulation.finished;
        await drainPipeline(pipeline, watch);
        observations = watch.observations;
        figures = runFigures(observations);
        deadLetters = await deadLetterCounts('kafka', infra, pipeline.names);
      } finally {
        await watch.stop();
      }
    } finally {
      await pipeline.stop();
      await proxy.close();
    }
  });

  it('notified nothing while SNS was unreachable, the alerting service failing to publish and retrying', () => {
    expect(outage.noticesDuring).toBe(0);
    expect(outage.refused).toBeGreaterThan(0);
    expect(outage.snsFailures).toBeGreaterThan(0);
  });

  it('delivered the alerts raised during the outage once SNS was back', () => {
    const raisedDuring = [...triggersOf(observations)].filter(([, triggers]) =>
      triggers.some((id) => {
        const appendedAt = observations.transactions.get(id)?.appendedAt ?? 0;
        return appendedAt >= outage.from + IN_FLIGHT_MS && appendedAt < outage.until;
      }),
    );
    expect(raisedDuring.length).toBeGreaterThan(0);
    expect(raisedDuring.filter(([notice]) => notice.receivedAt < outage.until)).toEqual([]);
    const delays = raisedDuring.map(([notice]) => notice.receivedAt - outage.until).sort((a, b) => a - b);
    console.info(
      `[e2e sns-outage] ${raisedDuring.length} notices raised during the ${OUTAGE_MS / 1_000} s outage arrived ` +
        `${delays[0]} to ${delays.at(-1)} ms after SNS was back`,
    );
  });

  it('lost and duplicated nothing: each opening and escalation notified once, each revision streamed once, every flagged transaction alerted', () => {
    expect(figures.delivery).toMatchObject({
      transactions: SIMULATION.count,
      scores: { scored: SIMULATION.count, records: SIMULATION.count, missing: 0, repeated: 0 },
      alerts: { repeatedRevisions: 0, repeatedNotices: 0, missingNotices: 0, unexpectedNotices: 0 },
      undecodable: 0,
    });
    expect(figures.delivery.alerts.notices).toBe(figures.delivery.alerts.expectedNotices);
    const flagged = [...observations.scores].filter(([, score]) => score.decision !== 'allow').map(([id]) => id);
    const alerted = alertedTransactions(observations);
    expect(flagged.filter((id) => !alerted.has(id))).toEqual([]);
    expect(alerted.size).toBe(flagged.length);
    // One per stream of the contract, every one empty.
    expect(Object.values(deadLetters)).toEqual(STREAMS.map(() => 0));
  });
});
