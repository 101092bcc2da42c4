import { streamNames } from '@fraud/contracts';
import { metricSample, type ServiceProcess, startServiceProcess, uniqueStreamPrefix, waitUntil } from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { alertIdFor } from '../policy/alert-id.js';
import { ALERTING_ENTRY, alertingEnv, alertingStreams } from '../test-support/alerting-env.js';
import { publishScores } from '../test-support/publish-scores.js';
import { readAlerts } from '../test-support/read-alerts.js';
import { cardToken, scoreOf } from '../test-support/scores.js';
import { alertTopic, type AlertTopic } from '../test-support/sns-queue.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

// Five cards: c1 one review hit; c2 three hits, the first two block; c3 a
// review then a block (escalation); c4 only allow scores; c5 an allow, then a review.
// Published in waves, each once the one before is handled, with one score per
// card in each: how a transport splits a publish into batches cannot change
// the outcome (a card's hits of one batch make one change; that is tested on
// Kafka, whose batches are a publish's records, in webhook and suppression).
const WAVES = [
  [
    scoreOf({ card: 'c1', id: 'c1-1', decision: 'review', score: 0.1 }),
    scoreOf({ card: 'c2', id: 'c2-1', decision: 'block', score: 0.7 }),
    scoreOf({ card: 'c3', id: 'c3-1', decision: 'review', score: 0.1 }),
    scoreOf({ card: 'c4', id: 'c4-1', decision: 'allow', score: 0.01 }),
    scoreOf({ card: 'c5', id: 'c5-1', decision: 'allow', score: 0.01 }),
  ],
  [
    scoreOf({ card: 'c2', id: 'c2-2', decision: 'block', score: 0.95 }),
    scoreOf({ card: 'c3', id: 'c3-2', decision: 'block', score: 0.8 }),
    scoreOf({ card: 'c4', id: 'c4-2', decision: 'allow', score: 0.02 }),
    scoreOf({ card: 'c5', id: 'c5-2', decision: 'review', score: 0.1 }),
  ],
  [scoreOf({ card: 'c2', id: 'c2-3', decision: 'review', score: 0.2 })],
];
const SCORES = WAVES.flat();
const FLAGGED = SCORES.filter((score) => score.decision !== 'allow').length;
const CARD_NAMES = new Map(['c1', 'c2', 'c3', 'c4', 'c5'].map((name) => [cardToken(name), name]));
const cardName = (token: string): string => CARD_NAMES.get(token) ?? token;

describe.each(['kafka', 'kinesis'] as const)('the alerting service on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`alerting-${transport}`);
  const names = streamNames(prefix);
  let topic: AlertTopic;
  let publisher: StreamTransport;
  let service: ServiceProcess;

  const alerts = () => readAlerts(transport, infra, names.fraudAlerts);
  const consumed = (): Promise<number> =>
    metricSample(service.baseUrl, 'transport_records_consumed_total', { stream: names.fraudScores });

  beforeAll(async () => {
    topic = await alertTopic(infra);
    const env = alertingEnv(inject('infraEnv'), transport, prefix, { SNS_TOPIC_ARN: topic.topicArn });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(alertingStreams(names), 4);
    service = await startServiceProcess({ entry: ALERTING_ENTRY, env, readyTimeoutMs: 120_000 });
    let published = 0;
    for (const wave of WAVES) {
      await publishScores(publisher.publisher, names.fraudScores, wave);
      published += wave.length;
      const handled = published;
      await waitUntil(async () => (await consumed()) >= handled, {
        description: `the service handling ${handled} scores`,
        timeoutMs: 180_000,
        intervalMs: 500,
      });
    }
  });

  afterAll(async () => {
    const exit = await service.stop();
    await publisher.close();
    await topic.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('notifies SNS once per opened or escalated alert, with the severity, source and event attributes', async () => {
    const received = await topic.drain();
    const summary = received
      .map(({ alert, attributes }) => ({
        card: cardName(alert.cardToken),
        attributes,
        severity: alert.severity,
        revision: alert.revision,
        transactionIds: alert.transactionIds,
      }))
      .sort((a, b) => `${a.card}${a.revision}`.localeCompare(`${b.card}${b.revision}`));
    const attrs = (severity: string, event: string) => ({ severity, source: 'model', event });
    expect(summary).toEqual([
      { card: 'c1', attributes: attrs('review', 'opened'), severity: 'review', revision: 1, transactionIds: ['c1-1'] },
      { card: 'c2', attributes: attrs('block', 'opened'), severity: 'block', revision: 1, transactionIds: ['c2-1'] },
      { card: 'c3', attributes: attrs('review', 'opened'), severity: 'review', revision: 1, transactionIds: ['c3-1'] },
      {
        card: 'c3',
        attributes: attrs('block', 'escalated'),
        severity: 'block',
        revision: 2,
        transactionIds: ['c3-1', 'c3-2'],
      },
      { card: 'c5', attributes: attrs('review', 'opened'), severity: 'review', revision: 1, transactionIds: ['c5-2'] },
    ]);
    // The message body is the alert: the card's token, BIN and last four, never a card number.
    const c2 = received.find(({ alert }) => cardName(alert.cardToken) === 'c2')?.alert;
    expect(c2).toMatchObject({
      alertId: alertIdFor(cardToken('c2'), 'c2-1'),
      cardBin: '411111',
      cardLast4: '1111',
      score: 0.7,
    });
  });

  it('publishes every revision of each alert to fraud-alerts once, keyed by card token, in the card’s order', async () => {
    const streamed = await alerts();
    expect(streamed.every(({ key, alert }) => key === alert.cardToken)).toBe(true);
    const byCard = new Map<string, { revision: number; severity: string; ids: string[]; alertId: string }[]>();
    for (const { alert } of streamed) {
      const entries = byCard.get(cardName(alert.cardToken)) ?? [];
      entries.push({
        revision: alert.revision,
        severity: alert.severity,
        ids: alert.transactionIds,
        alertId: alert.alertId,
      });
      byCard.set(cardName(alert.cardToken), entries);
    }
    const c2 = alertIdFor(cardToken('c2'), 'c2-1');
    const c3 = alertIdFor(cardToken('c3'), 'c3-1');
    expect(Object.fromEntries([...byCard].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      c1: [{ revision: 1, severity: 'review', ids: ['c1-1'], alertId: alertIdFor(cardToken('c1'), 'c1-1') }],
      c2: [
        { revision: 1, severity: 'block', ids: ['c2-1'], alertId: c2 },
        { revision: 2, severity: 'block', ids: ['c2-1', 'c2-2'], alertId: c2 },
        { revision: 3, severity: 'block', ids: ['c2-1', 'c2-2', 'c2-3'], alertId: c2 },
      ],
      c3: [
        { revision: 1, severity: 'review', ids: ['c3-1'], alertId: c3 },
        { revision: 2, severity: 'block', ids: ['c3-1', 'c3-2'], alertId: c3 },
      ],
      c5: [{ revision: 1, severity: 'review', ids: ['c5-2'], alertId: alertIdFor(cardToken('c5'), 'c5-2') }],
    });
    // The grouped alert shows its strongest hit.
    expect(streamed.find(({ alert }) => alert.alertId === c2 && alert.revision === 3)?.alert.score).toBe(0.95);
  });

  it('counts opened and escalated alerts by severity, and the hits grouped into open alerts', async () => {
    const count = (name: string, labels: Record<string, string>) => metricSample(service.baseUrl, name, labels);
    expect([
      await count('alerting_alerts_total', { severity: 'review', event: 'opened' }),
      await count('alerting_alerts_total', { severity: 'block', event: 'opened' }),
      await count('alerting_alerts_total', { severity: 'block', event: 'escalated' }),
      await count('alerting_suppressed_hits_total', { severity: 'block' }),
      await count('alerting_suppressed_hits_total', { severity: 'review' }),
    ]).toEqual([3, 1, 1, 1, 1]);
  });

  it('sends nothing again for redelivered scores', async () => {
    const before = { sns: (await topic.drain()).length, stream: (await alerts()).length };
    await publishScores(publisher.publisher, names.fraudScores, SCORES);
    await waitUntil(async () => (await consumed()) >= 2 * SCORES.length, {
      description: 'the service handling the redelivered scores',
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    expect(await metricSample(service.baseUrl, 'alerting_duplicate_scores_total')).toBe(FLAGGED);
    expect({ sns: (await topic.drain(2)).length, stream: (await alerts()).length }).toEqual(before);
    expect(before).toEqual({ sns: 5, stream: 7 });
  });
});
