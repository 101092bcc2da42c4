import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import { metricSample, type ServiceProcess, startServiceProcess, uniqueStreamPrefix, waitUntil } from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { alertIdFor } from '../policy/alert-id.js';
import { ALERTING_ENTRY, alertingEnv, alertingStreams } from '../test-support/alerting-env.js';
import { publishScores } from '../test-support/publish-scores.js';
import { readAlerts } from '../test-support/read-alerts.js';
import { cardToken, scoreOf } from '../test-support/scores.js';
import { alertTopic, type AlertTopic } from '../test-support/sns-queue.js';
import { OpenAlertStore, STATE_GRACE_MS } from './open-alert-store.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 240_000 });

/** One service on its own prefix and topic, with the test's publisher. */
interface Stack {
  names: ReturnType<typeof streamNames>;
  prefix: string;
  env: Record<string, string>;
  topic: AlertTopic;
  publisher: StreamTransport;
}

async function stackWith(suppressionSeconds: number, label: string): Promise<Stack> {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(label);
  const names = streamNames(prefix);
  const topic = await alertTopic(infra);
  const env = alertingEnv(inject('infraEnv'), 'kafka', prefix, {
    SNS_TOPIC_ARN: topic.topicArn,
    ALERT_SUPPRESSION_SECONDS: String(suppressionSeconds),
  });
  const publisher = testTransport(env);
  await publisher.connect();
  await publisher.ensureStreams(alertingStreams(names), 2);
  return { names, prefix, env, topic, publisher };
}

async function handled(service: ServiceProcess, stack: Stack, count: number): Promise<void> {
  await waitUntil(
    async () =>
      (await metricSample(service.baseUrl, 'transport_records_consumed_total', { stream: stack.names.fraudScores })) >=
      count,
    { description: `the service handling ${count} score(s)`, timeoutMs: 120_000, intervalMs: 250 },
  );
}

async function closeStack(stack: Stack | undefined): Promise<void> {
  await stack?.publisher.close();
  await stack?.topic.close();
}

// On Kafka only: the state is in Redis, the same whatever the transport.
describe('per-card suppression in Redis (kafka)', () => {
  const infra = inject('infra');
  let redis: Redis;
  let long: Stack | undefined;
  let short: Stack | undefined;
  const services: ServiceProcess[] = [];
  const start = async (stack: Stack): Promise<ServiceProcess> => {
    const service = await startServiceProcess({ entry: ALERTING_ENTRY, env: stack.env, readyTimeoutMs: 120_000 });
    services.push(service);
    return service;
  };

  beforeAll(() => {
    redis = new Redis(infra.redisUrl);
  });

  afterAll(async () => {
    const exits = await Promise.all(services.map((service) => service.stop()));
    await closeStack(long);
    await closeStack(short);
    await redis.quit();
    expect(exits).toEqual(exits.map(() => ({ code: 0, signal: null })));
  });

  it('keeps a card’s open alert in Redis under its hash tag for the period and a grace, and groups a hit after a restart into it', async () => {
    const stack = await stackWith(600, 'alerting-restart');
    long = stack;
    const first = await start(stack);
    await publishScores(stack.publisher.publisher, stack.names.fraudScores, [
      scoreOf({ card: 's1', id: 's1-1', decision: 'review' }),
    ]);
    await handled(first, stack, 1);
    const key = new OpenAlertStore(redis, stack.prefix).key(cardToken('s1'));
    expect(key).toBe(`${stack.prefix}alerting:open:{c:${cardToken('s1')}}`);
    // The period, plus the grace a delivery in progress at its end may use.
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(600_000 + STATE_GRACE_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(600_000 + STATE_GRACE_MS);

    expect(await first.stop()).toEqual({ code: 0, signal: null });
    const second = await start(stack);
    await publishScores(stack.publisher.publisher, stack.names.fraudScores, [
      scoreOf({ card: 's1', id: 's1-2', decision: 'review' }),
    ]);
    await handled(second, stack, 1);

    const id = alertIdFor(cardToken('s1'), 's1-1');
    expect((await stack.topic.drain()).map(({ alert }) => [alert.alertId, alert.transactionIds])).toEqual([
      [id, ['s1-1']],
    ]);
    const streamed = await readAlerts('kafka', infra, stack.names.fraudAlerts);
    expect(streamed.map(({ alert }) => [alert.alertId, alert.revision, alert.transactionIds])).toEqual([
      [id, 1, ['s1-1']],
      [id, 2, ['s1-1', 's1-2']],
    ]);
  });

  it('opens a new alert, with a new id, for a hit after the period has passed', async () => {
    const stack = await stackWith(2, 'alerting-period');
    short = stack;
    const service = await start(stack);
    await publishScores(stack.publisher.publisher, stack.names.fraudScores, [
      scoreOf({ card: 's2', id: 's2-1', decision: 'block' }),
      scoreOf({ card: 's2', id: 's2-2', decision: 'block' }),
    ]);
    await handled(service, stack, 2);
    await sleep(2_500);
    await publishScores(stack.publisher.publisher, stack.names.fraudScores, [
      scoreOf({ card: 's2', id: 's2-3', decision: 'block' }),
    ]);
    await handled(service, stack, 3);
    expect((await stack.topic.drain()).map(({ alert }) => [alert.alertId, alert.transactionIds])).toEqual([
      [alertIdFor(cardToken('s2'), 's2-1'), ['s2-1', 's2-2']],
      [alertIdFor(cardToken('s2'), 's2-3'), ['s2-3']],
    ]);
  });
});
