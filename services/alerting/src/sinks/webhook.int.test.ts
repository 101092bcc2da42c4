import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { decodeDeadLetter, decodeFraudScore, streamNames } from '@fraud/contracts';
import {
  decodeRecords,
  metricSample,
  readStream,
  type ServiceProcess,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { alertIdFor } from '../policy/alert-id.js';
import type { CardAlert } from '../policy/card-alert.js';
import { ALERTING_ENTRY, alertingEnv, alertingStreams } from '../test-support/alerting-env.js';
import { publishScores } from '../test-support/publish-scores.js';
import { cardToken, scoreOf } from '../test-support/scores.js';
import { alertTopic, type AlertTopic } from '../test-support/sns-queue.js';
import { startWebhookReceiver, type WebhookReceiver, type WebhookRequest } from '../test-support/webhook-receiver.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 240_000 });

const SECRET = randomBytes(24).toString('hex');
const MAX_ATTEMPTS = 4;

// w1: the receiver fails twice, then takes it; w2: always 503; w3: review,
// then, in a second batch once the first is handled, block and review (one
// escalation); w4: refused with 400.
const FIRST_WAVE = [
  scoreOf({ card: 'w1', id: 'w1-1', decision: 'review' }),
  scoreOf({ card: 'w2', id: 'w2-1', decision: 'block' }),
  scoreOf({ card: 'w3', id: 'w3-1', decision: 'review' }),
  scoreOf({ card: 'w4', id: 'w4-1', decision: 'review' }),
];
const SECOND_WAVE = [
  scoreOf({ card: 'w3', id: 'w3-2', decision: 'block' }),
  scoreOf({ card: 'w3', id: 'w3-3', decision: 'review' }),
];
const NAMES = new Map(['w1', 'w2', 'w3', 'w4'].map((name) => [cardToken(name), name]));

function cardOf(request: WebhookRequest): string {
  return NAMES.get((JSON.parse(request.body) as CardAlert).cardToken) ?? '?';
}

/** The receiver's side: recompute the HMAC over the raw body and compare in constant time. */
function signatureVerifies(request: WebhookRequest): boolean {
  const header = request.headers['x-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', SECRET).update(request.body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// On Kafka only: the webhook sink runs after the stream publish and knows nothing of the transport.
describe('the alerting service with a webhook (kafka)', () => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix('alerting-webhook');
  const names = streamNames(prefix);
  let topic: AlertTopic;
  let receiver: WebhookReceiver;
  let publisher: StreamTransport;
  let service: ServiceProcess;

  const metric = (name: string, labels: Record<string, string> = {}) => metricSample(service.baseUrl, name, labels);
  const requestsOf = (card: string) => receiver.requests.filter((request) => cardOf(request) === card);

  beforeAll(async () => {
    topic = await alertTopic(infra);
    receiver = await startWebhookReceiver((request) => {
      const card = cardOf(request);
      if (card === 'w1') return requestsOf('w1').length <= 2 ? 503 : 204;
      if (card === 'w2') return 503;
      if (card === 'w4') return 400;
      return 200;
    });
    const env = alertingEnv(inject('infraEnv'), 'kafka', prefix, {
      SNS_TOPIC_ARN: topic.topicArn,
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: SECRET,
      ALERT_WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      ALERT_WEBHOOK_TIMEOUT_MS: '2000',
    });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(alertingStreams(names), 4);
    service = await startServiceProcess({ entry: ALERTING_ENTRY, env, readyTimeoutMs: 120_000 });
    for (const [wave, handledAfter] of [
      [FIRST_WAVE, FIRST_WAVE.length],
      [SECOND_WAVE, FIRST_WAVE.length + SECOND_WAVE.length],
    ] as const) {
      await publishScores(publisher.publisher, names.fraudScores, wave);
      await waitUntil(
        async () => (await metric('transport_records_consumed_total', { stream: names.fraudScores })) >= handledAfter,
        { description: `the service handling ${handledAfter} scores`, timeoutMs: 120_000, intervalMs: 500 },
      );
    }
  });

  afterAll(async () => {
    const exit = await service.stop();
    await publisher.close();
    await receiver.close();
    await topic.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('POSTs each opened or escalated alert as JSON signed with X-Signature: sha256=<HMAC-SHA256 of the body>', () => {
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(receiver.requests.filter((request) => !signatureVerifies(request))).toEqual([]);
    const w3 = requestsOf('w3').map((request) => ({
      event: request.headers['x-alert-event'],
      key: request.headers['idempotency-key'],
      type: request.headers['content-type'],
      revision: (JSON.parse(request.body) as CardAlert).revision,
    }));
    const id = alertIdFor(cardToken('w3'), 'w3-1');
    expect(w3).toEqual([
      { event: 'opened', key: `${id}:1`, type: 'application/json', revision: 1 },
      { event: 'escalated', key: `${id}:2`, type: 'application/json', revision: 2 },
    ]);
  });

  it('retries a failing receiver with the same signed body, and stops at the first success', () => {
    const w1 = requestsOf('w1');
    expect(w1).toHaveLength(3);
    expect(new Set(w1.map((request) => request.body)).size).toBe(1);
    expect(new Set(w1.map((request) => request.headers['idempotency-key'])).size).toBe(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts on a receiver that keeps failing, and at once on a 4xx refusal`, () => {
    expect([requestsOf('w2').length, requestsOf('w4').length]).toEqual([MAX_ATTEMPTS, 1]);
  });

  it('dead-letters each notice it gave up on, with the score that raised it and the alert id; SNS had every alert', async () => {
    const letters = decodeRecords(await readStream('kafka', infra, names.deadLetter('fraud-scores')), decodeDeadLetter);
    const summary = letters
      .map(({ event: letter }) => {
        const score = decodeFraudScore(Buffer.from(letter.payloadBase64, 'base64'));
        if (!score.ok) throw score.error;
        return {
          sourceStream: letter.sourceStream,
          partitionKey: letter.partitionKey,
          transactionId: score.value.transactionId,
          alertId: (letter as { alertId?: unknown }).alertId,
          error: letter.error,
          attempts: letter.attempts,
        };
      })
      .sort((a, b) => a.transactionId.localeCompare(b.transactionId));
    const w2 = alertIdFor(cardToken('w2'), 'w2-1');
    const w4 = alertIdFor(cardToken('w4'), 'w4-1');
    expect(summary).toEqual([
      {
        sourceStream: names.fraudScores,
        partitionKey: cardToken('w2'),
        transactionId: 'w2-1',
        alertId: w2,
        error: `webhook: alert ${w2} not delivered after ${MAX_ATTEMPTS} attempt(s): HTTP 503`,
        attempts: MAX_ATTEMPTS,
      },
      {
        sourceStream: names.fraudScores,
        partitionKey: cardToken('w4'),
        transactionId: 'w4-1',
        alertId: w4,
        error: `webhook: alert ${w4} not delivered after 1 attempt(s): HTTP 400`,
        attempts: 1,
      },
    ]);
    expect((await topic.drain()).map(({ alert }) => `${NAMES.get(alert.cardToken)}:${alert.revision}`).sort()).toEqual([
      'w1:1',
      'w2:1',
      'w3:1',
      'w3:2',
      'w4:1',
    ]);
  });

  it('counts deliveries by outcome', async () => {
    expect([
      await metric('alerting_webhook_deliveries_total', { outcome: 'delivered' }),
      await metric('alerting_webhook_deliveries_total', { outcome: 'failed' }),
    ]).toEqual([3, 2]);
  });
});
