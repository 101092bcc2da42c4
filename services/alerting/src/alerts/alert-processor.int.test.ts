import { SNSClient } from '@aws-sdk/client-sns';
import { loadSettings } from '@fraud/config';
import { type FraudScore } from '@fraud/contracts';
import { createLogger } from '@fraud/observability';
import { ProcessedTransactions, type ProcessedKey } from '@fraud/idempotency';
import { freePort, localAwsClientConfig, uniqueStreamPrefix } from '@fraud/testing';
import { EventPublisher, type OutgoingRecord, type StreamTransport } from '@fraud/transport';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

import { alertingSettings } from '../settings/alerting-settings.js';
import { SnsAlertSink } from '../sinks/sns-alert-sink.js';
import { WebhookSink } from '../sinks/webhook-sink.js';
import { OpenAlertStore } from '../state/open-alert-store.js';
import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { alertTopic, type AlertTopic } from '../test-support/sns-queue.js';
import { AlertProcessor } from './alert-processor.js';
import { AlertingMetrics } from './alerting-metrics.js';

/** A stream transport whose publishes can be made to fail; keeps what it accepted. */
class RecordingTransport implements StreamTransport {
  readonly kind = 'kafka';
  readonly accepted: { stream: string; records: readonly OutgoingRecord[] }[] = [];
  failuresLeft = 0;
  readonly publisher = {
    publish: async (stream: string, records: readonly OutgoingRecord[]): Promise<void> => {
      await Promise.resolve();
      if (this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        throw new Error('broker unavailable');
      }
      this.accepted.push({ stream, records });
    },
  };
  ensureStreams = (): Promise<void> => Promise.resolve();
  consumer = (): never => {
    throw new Error('not consumed here');
  };
  connect = (): Promise<void> => Promise.resolve();
  close = (): Promise<void> => Promise.resolve();
}

/** The processed-transaction record, with marks that can be made to fail (a crash before the mark). */
class FlakyProcessed extends ProcessedTransactions {
  failMarks = 0;
  override async markProcessed(entries: readonly ProcessedKey[]): Promise<void> {
    if (this.failMarks > 0) {
      this.failMarks -= 1;
      throw new Error('connection lost');
    }
    await super.markProcessed(entries);
  }
}

const RECORD = { stream: 'fraud-scores', partition: '0', position: '7', key: '', timestamp: new Date(0) };

// The processor over real Redis and real SNS (moto), the stream transport
// faked: each failure a record can meet between its sinks, and its retry.
describe('AlertProcessor retried after a failure part-way', () => {
  const infra = inject('infra');
  let redis: Redis;
  let topic: AlertTopic;
  let transport: RecordingTransport;
  let processed: FlakyProcessed;
  let prefix: string;

  async function processorWith(snsEndpoint: string): Promise<{ processor: AlertProcessor; metrics: AlertingMetrics }> {
    const settings = loadSettings('alerting', alertingSettings, {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: infra.kafkaBrokers,
      AWS_REGION: infra.awsRegion,
      SNS_TOPIC_ARN: topic.topicArn,
      REDIS_URL: infra.redisUrl,
      STREAM_PREFIX: prefix,
    });
    const metrics = new AlertingMetrics(new Registry());
    const sns = new SnsAlertSink(
      new SNSClient({ ...localAwsClientConfig(snsEndpoint, infra.awsRegion), maxAttempts: 1 }),
      settings,
      metrics,
    );
    const processor = new AlertProcessor(
      new OpenAlertStore(redis, prefix),
      processed,
      sns,
      new WebhookSink(settings, metrics),
      new EventPublisher(transport, prefix, ['fraud-alerts']),
      metrics,
      THRESHOLDS,
      settings,
      transport,
      prefix,
      createLogger({ service: 'alerting-test', level: 'silent' }),
    );
    return { processor, metrics };
  }

  const handle = (processor: AlertProcessor, score: FraudScore) =>
    processor.handle(score, { ...RECORD, key: score.cardToken });
  const streamed = () =>
    transport.accepted.flatMap(({ records }) =>
      records.map((record) => {
        const alert = JSON.parse(record.value.toString()) as { transactionIds: string[]; revision: number };
        return [alert.revision, alert.transactionIds.join(',')];
      }),
    );
  const notified = async () =>
    (await topic.drain()).map(({ alert }) => [alert.revision, alert.transactionIds.join(',')]);

  beforeAll(() => {
    redis = new Redis(infra.redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(async () => {
    topic = await alertTopic(infra);
    transport = new RecordingTransport();
    prefix = uniqueStreamPrefix('processor');
    processed = new FlakyProcessed(redis, { scope: 'alerting', namespace: prefix, ttlSeconds: 60 });
    return () => topic.close();
  });

  it('SNS took the alert, the stream publish failed: the retry streams it and does not notify SNS again', async () => {
    const { processor } = await processorWith(infra.snsEndpoint);
    transport.failuresLeft = 1;
    const score = scoreOf({ card: 'p1', id: 'p1-1', decision: 'block' });
    await expect(handle(processor, score)).rejects.toThrow('publish to ');
    expect([await notified(), streamed()]).toEqual([[[1, 'p1-1']], []]);
    await handle(processor, score);
    // Still the one message: drain lists every message received so far.
    expect([await notified(), streamed()]).toEqual([[[1, 'p1-1']], [[1, 'p1-1']]]);
  });

  it('SNS unreachable after the change was saved: a restarted processor notifies and streams it once', async () => {
    const down = await processorWith(`http://127.0.0.1:${await freePort()}`);
    const score = scoreOf({ card: 'p2', id: 'p2-1', decision: 'review' });
    await expect(handle(down.processor, score)).rejects.toThrow('sns: publishing alert');
    expect(await down.metrics.snsPublishFailures.get()).toMatchObject({ values: [{ value: 1 }] });
    const up = await processorWith(infra.snsEndpoint);
    await handle(up.processor, score);
    await handle(up.processor, score);
    expect([await notified(), streamed()]).toEqual([[[1, 'p2-1']], [[1, 'p2-1']]]);
  });

  it('applies a card’s hits of one batch as one change: after a failed stream publish, the retry streams it once and SNS had it once', async () => {
    const { processor } = await processorWith(infra.snsEndpoint);
    const hits = [
      scoreOf({ card: 'p4', id: 'p4-1', decision: 'review' }),
      scoreOf({ card: 'p4', id: 'p4-2', decision: 'block' }),
      scoreOf({ card: 'p4', id: 'p4-3', decision: 'review' }),
    ];
    const [first] = hits;
    if (first === undefined) throw new Error('no hits');
    const record = { ...RECORD, key: first.cardToken };
    transport.failuresLeft = 1;
    await expect(processor.handle(first, record, hits)).rejects.toThrow('publish to ');
    await processor.handle(first, record, hits);
    expect([await notified(), streamed()]).toEqual([[[1, 'p4-1,p4-2,p4-3']], [[1, 'p4-1,p4-2,p4-3']]]);
    expect((await topic.drain()).map(({ attributes }) => [attributes.event, attributes.severity])).toEqual([
      ['opened', 'block'],
    ]);
    expect(await processed.wereProcessed(hits)).toEqual([true, true, true]);
  });

  it('a batch consumed again with more hits: the saved change is delivered first, then the new hits make the next revision', async () => {
    const down = await processorWith(`http://127.0.0.1:${await freePort()}`);
    const hits = ['p5-1', 'p5-2', 'p5-3'].map((id) => scoreOf({ card: 'p5', id, decision: 'review' }));
    const [first] = hits;
    if (first === undefined) throw new Error('no hits');
    const record = { ...RECORD, key: first.cardToken };
    await expect(down.processor.handle(first, record, hits.slice(0, 2))).rejects.toThrow('sns: publishing alert');
    const up = await processorWith(infra.snsEndpoint);
    await up.processor.handle(first, record, hits);
    expect([await notified(), streamed()]).toEqual([
      [[1, 'p5-1,p5-2']],
      [
        [1, 'p5-1,p5-2'],
        [2, 'p5-1,p5-2,p5-3'],
      ],
    ]);
  });

  it('delivered everywhere but not marked processed (a crash): its redelivery sends nothing and is then marked', async () => {
    const { processor, metrics } = await processorWith(infra.snsEndpoint);
    const first = scoreOf({ card: 'p3', id: 'p3-1', decision: 'review' });
    const second = scoreOf({ card: 'p3', id: 'p3-2', decision: 'review' });
    await handle(processor, first);
    processed.failMarks = 1;
    await expect(handle(processor, second)).rejects.toThrow('redis: marking the transaction processed failed');
    await handle(processor, second);
    await handle(processor, second);
    expect([await notified(), streamed()]).toEqual([
      [[1, 'p3-1']],
      [
        [1, 'p3-1'],
        [2, 'p3-1,p3-2'],
      ],
    ]);
    expect(await processed.wereProcessed([{ cardToken: second.cardToken, transactionId: 'p3-2' }])).toEqual([true]);
    expect((await metrics.duplicateScores.get()).values[0]?.value).toBe(1);
  });
});
