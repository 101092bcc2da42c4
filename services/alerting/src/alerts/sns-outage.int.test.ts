import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import {
  type HttpProxy,
  metricSample,
  type ServiceProcess,
  startHttpProxy,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { ALERTING_ENTRY, alertingEnv, alertingStreams } from '../test-support/alerting-env.js';
import { publishScores } from '../test-support/publish-scores.js';
import { readAlerts } from '../test-support/read-alerts.js';
import { cardToken, scoreOf } from '../test-support/scores.js';
import { alertTopic, type AlertTopic } from '../test-support/sns-queue.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 240_000 });

const OUTAGE_MS = 10_000;

// Scores that arrive before SNS goes away, and more while it is away.
const BEFORE = [
  scoreOf({ card: 'o1', id: 'o1-1', decision: 'review' }),
  scoreOf({ card: 'o2', id: 'o2-1', decision: 'block' }),
  scoreOf({ card: 'o4', id: 'o4-1', decision: 'allow' }),
];
const DURING = [
  scoreOf({ card: 'o1', id: 'o1-2', decision: 'block' }),
  scoreOf({ card: 'o2', id: 'o2-2', decision: 'review' }),
  scoreOf({ card: 'o3', id: 'o3-1', decision: 'review' }),
];
const NAMES = new Map(['o1', 'o2', 'o3', 'o4'].map((name) => [cardToken(name), name]));

/** What the service had done while SNS was unreachable. */
interface Outage {
  failuresEarly: number;
  snsMessages: number;
  /** `card#revision` of each alert on fraud-alerts. */
  streamed: string[];
  deadLettered: number;
  transientRetries: number;
}

// On Kafka only: what is tested is the service's own path (SNS failure ->
// transient -> the record waits uncommitted -> resumes without repeating a
// sink); the pipeline's waiting on a transient failure is the transport
// package's, tested on both transports there.
describe('the alerting service while SNS is unreachable for 10 s (kafka)', () => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix('alerting-sns-outage');
  const names = streamNames(prefix);
  let topic: AlertTopic;
  let publisher: StreamTransport;
  let service: ServiceProcess;
  // SNS reached through a proxy the test switches off: the emulator, shared by the suite, keeps running.
  let proxy: HttpProxy;
  let outage: Outage;

  const metric = (name: string, labels: Record<string, string> = {}) => metricSample(service.baseUrl, name, labels);
  const consumed = () => metric('transport_records_consumed_total', { stream: names.fraudScores });

  beforeAll(async () => {
    topic = await alertTopic(infra);
    proxy = await startHttpProxy(infra.snsEndpoint);
    const env = alertingEnv(inject('infraEnv'), 'kafka', prefix, {
      SNS_TOPIC_ARN: topic.topicArn,
      SNS_ENDPOINT: proxy.url,
    });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(alertingStreams(names), 4);
    service = await startServiceProcess({ entry: ALERTING_ENTRY, env, readyTimeoutMs: 120_000 });

    proxy.refuse();
    const stoppedAt = Date.now();
    await publishScores(publisher.publisher, names.fraudScores, BEFORE);
    await waitUntil(async () => (await metric('alerting_sns_publish_failures_total')) >= 2, {
      description: 'the service failing to reach SNS',
      timeoutMs: 60_000,
    });
    const failuresEarly = await metric('alerting_sns_publish_failures_total');
    await publishScores(publisher.publisher, names.fraudScores, DURING);
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    outage = {
      failuresEarly,
      snsMessages: (await topic.drain()).length,
      streamed: (await readAlerts('kafka', infra, names.fraudAlerts)).map(({ alert }) =>
        [NAMES.get(alert.cardToken), alert.revision].join('#'),
      ),
      deadLettered: await metric('transport_dead_lettered_total'),
      transientRetries: await metric('transport_retries_total', { stream: names.fraudScores, kind: 'transient' }),
    };
    proxy.forward();
    await waitUntil(async () => (await consumed()) >= BEFORE.length + DURING.length, {
      description: 'the service handling every score once SNS is back',
      timeoutMs: 120_000,
      intervalMs: 500,
    });
  });

  afterAll(async () => {
    const exit = await service.stop();
    await proxy.close();
    await publisher.close();
    await topic.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('held every notice while SNS was unreachable, streaming only the revisions in hand, each once; nothing dead-lettered, retried as transient', () => {
    expect(outage.failuresEarly).toBeGreaterThanOrEqual(2);
    expect(outage).toMatchObject({ snsMessages: 0, deadLettered: 0 });
    expect(outage.transientRetries).toBeGreaterThan(0);
    // A record stuck on SNS has its revision on fraud-alerts already (the sinks are sent at once); the records after it wait.
    expect(outage.streamed.length).toBeGreaterThan(0);
    expect(new Set(outage.streamed).size).toBe(outage.streamed.length);
    expect(outage.streamed.every((entry) => ['o1#1', 'o2#1', 'o3#1'].includes(entry))).toBe(true);
  });

  it('notified each alert revision owed to SNS exactly once after it came back, in each card’s order', async () => {
    const received = (await topic.drain(2)).map(({ alert, attributes }) => [
      NAMES.get(alert.cardToken),
      alert.revision,
      attributes.event,
      alert.transactionIds.join(','),
    ]);
    expect(received.sort()).toEqual([
      ['o1', 1, 'opened', 'o1-1'],
      ['o1', 2, 'escalated', 'o1-1,o1-2'],
      ['o2', 1, 'opened', 'o2-1'],
      ['o3', 1, 'opened', 'o3-1'],
    ]);
  });

  it('streamed each revision exactly once, the held ones included', async () => {
    const streamed = (await readAlerts('kafka', infra, names.fraudAlerts)).map(({ alert }) => [
      NAMES.get(alert.cardToken),
      alert.revision,
    ]);
    expect(streamed.sort()).toEqual([
      ['o1', 1],
      ['o1', 2],
      ['o2', 1],
      ['o2', 2],
      ['o3', 1],
    ]);
    expect(await metric('transport_dead_lettered_total')).toBe(0);
  });
});
