import {
  contractForStream,
  encodeEvent,
  exampleFraudAlert,
  exampleFraudScore,
  type FraudAlert,
  type FraudScore,
  type StreamName,
} from '@fraud/contracts';
import { ObservabilityModule } from '@fraud/observability';
import { TransientError } from '@fraud/resilience';
import { Inject, Injectable, Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ConsumedBatch } from '../pipeline/consumed-batch.js';
import type {
  ConsumeOptions,
  IncomingRecord,
  OutgoingRecord,
  StreamConsumer,
  StreamTransport,
} from '../stream-transport.js';
import { EventPublisher } from './event-publisher.js';
import { StreamBatch } from './stream-batch.decorator.js';
import { TransportModule } from './transport.module.js';

const PREFIX = 'it.';
const ARRIVED = new Date('2026-11-22T10:15:30.500Z');

/**
 * Our StreamTransport interface over arrays: each consumer hands its stream's
 * batches to the handler one after another, committing a batch when the
 * handler resolves and stopping at the first rejection, as a real consumer
 * must never commit past it.
 */
class ArrayTransport implements StreamTransport {
  readonly kind = 'kafka';
  readonly events: string[] = [];
  readonly subscriptions: Omit<ConsumeOptions, 'handler'>[] = [];
  readonly published: { stream: string; records: OutgoingRecord[] }[] = [];
  readonly outcomes: { stream: string; positions: string[]; outcome: 'committed' | 'rejected' }[] = [];
  private readonly deliveries: Promise<void>[] = [];
  readonly publisher = {
    publish: (stream: string, records: readonly OutgoingRecord[]): Promise<void> => {
      this.published.push({ stream, records: [...records] });
      return Promise.resolve();
    },
  };

  constructor(private readonly batches: Record<string, IncomingRecord[][]>) {}

  ensureStreams(): Promise<void> {
    return Promise.resolve();
  }

  connect(): Promise<void> {
    this.events.push('transport connected');
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.events.push('transport closed');
    return Promise.resolve();
  }

  consumer(options: ConsumeOptions): StreamConsumer {
    const { handler, ...subscription } = options;
    this.subscriptions.push(subscription);
    let delivery = Promise.resolve();
    return {
      start: () => {
        delivery = this.deliver(options.stream, handler);
        this.deliveries.push(delivery);
        return Promise.resolve();
      },
      stop: async () => {
        await delivery;
        this.events.push(`consumer of ${options.stream} stopped`);
      },
    };
  }

  /** Resolves once every consumer has handed over all its batches or stopped at a rejection. */
  async delivered(): Promise<void> {
    await Promise.all(this.deliveries);
  }

  publishedTo(stream: string): unknown[] {
    return this.published
      .filter((entry) => entry.stream === stream)
      .flatMap((entry) => entry.records.map((r) => JSON.parse(r.value.toString('utf8')) as unknown));
  }

  private async deliver(stream: string, handler: ConsumeOptions['handler']): Promise<void> {
    for (const records of this.batches[stream] ?? []) {
      const positions = records.map((r) => r.position);
      try {
        await handler({ stream, partition: records[0]?.partition ?? '0', records });
        this.outcomes.push({ stream, positions, outcome: 'committed' });
      } catch {
        this.outcomes.push({ stream, positions, outcome: 'rejected' });
        return;
      }
    }
  }
}

function score(transactionId: string): FraudScore {
  return {
    ...exampleFraudScore,
    transactionId,
    transaction: { ...exampleFraudScore.transaction, transactionId },
  };
}

function record(position: number, payload: Buffer): IncomingRecord {
  return {
    stream: `${PREFIX}fraud-scores`,
    partition: '2',
    position: String(position),
    key: exampleFraudScore.cardToken,
    value: payload,
    timestamp: ARRIVED,
  };
}

function alertOf(transactionId: string): FraudAlert {
  return { ...exampleFraudAlert, transactionIds: [transactionId] };
}

/** What the handler below does per transactionId, and what it saw. */
const behaviour = {
  batches: [] as { stream: string; partition: string; positions: string[] }[],
  calls: [] as { transactionId: string; stream: string; partition: string; position: string; key: string; at: Date }[],
  transientFailures: new Map<string, number>(),
  alwaysFailing: new Set<string>(),
  /** Batches (by first position) whose work after the records fails. */
  failingAfter: new Set<string>(),
};

@Injectable()
class ScoresConsumer {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  @StreamBatch('fraud-scores')
  async alert(batch: ConsumedBatch<FraudScore>): Promise<void> {
    behaviour.batches.push({
      stream: batch.stream,
      partition: batch.partition,
      positions: batch.records.map((r) => r.position),
    });
    const alerts = await batch.mapRecords(async ({ event, stream, partition, position, key, timestamp }) => {
      behaviour.calls.push({ transactionId: event.transactionId, stream, partition, position, key, at: timestamp });
      const transient = behaviour.transientFailures.get(event.transactionId) ?? 0;
      if (transient > 0) {
        behaviour.transientFailures.set(event.transactionId, transient - 1);
        throw new TransientError('sns unavailable');
      }
      if (behaviour.alwaysFailing.has(event.transactionId)) throw new Error('alert policy rejected the score');
      return Promise.resolve(alertOf(event.transactionId));
    });
    await this.publisher.publish('fraud-alerts', alerts);
    if (behaviour.failingAfter.has(batch.records[0]?.position ?? '')) throw new Error('watermark not persisted');
  }
}

@Injectable()
class SecondScoresConsumer {
  @StreamBatch('fraud-scores')
  alsoAlert(_batch: ConsumedBatch<FraudScore>): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class AlertsConsumer {
  @StreamBatch('fraud-alerts')
  read(_batch: ConsumedBatch<FraudAlert>): Promise<void> {
    return Promise.resolve();
  }
}

let app: INestApplication | undefined;

async function startApp(
  transport: ArrayTransport,
  options: {
    consumers?: Type[];
    consumes?: Partial<Record<StreamName, string>>;
    publishes?: StreamName[];
  } = {},
): Promise<INestApplication> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({ logger: pino({ level: 'silent' }), metrics: new Registry() }),
      TransportModule.forRoot({
        streamPrefix: PREFIX,
        transport: () => transport,
        consumption: {
          consumes: options.consumes ?? { 'fraud-scores': 'alerting' },
          maxAttempts: 2,
          backoff: { initialMs: 1, maxMs: 2, multiplier: 2 },
        },
        publishes: options.publishes ?? ['fraud-alerts'],
      }),
    ],
    providers: options.consumers ?? [ScoresConsumer],
  })
  class TestServiceModule {}

  app = await NestFactory.create(TestServiceModule, new FastifyAdapter(), { logger: false });
  await app.init();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
  behaviour.batches.length = 0;
  behaviour.calls.length = 0;
  behaviour.transientFailures.clear();
  behaviour.alwaysFailing.clear();
  behaviour.failingAfter.clear();
});

describe('stream consumers in a Nest app', () => {
  it('consumes the prefixed stream of each @StreamBatch as its group, handing the handler each batch of events with where each record sits', async () => {
    const transport = new ArrayTransport({
      [`${PREFIX}fraud-scores`]: [[record(10, encodeEvent(score('txn-1'))), record(11, encodeEvent(score('txn-2')))]],
    });

    await startApp(transport);
    await transport.delivered();

    expect(transport.subscriptions).toEqual([{ stream: 'it.fraud-scores', group: 'it.alerting' }]);
    expect(behaviour.batches).toEqual([{ stream: 'it.fraud-scores', partition: '2', positions: ['10', '11'] }]);
    expect(behaviour.calls).toEqual([
      {
        transactionId: 'txn-1',
        stream: 'it.fraud-scores',
        partition: '2',
        position: '10',
        key: exampleFraudScore.cardToken,
        at: ARRIVED,
      },
      {
        transactionId: 'txn-2',
        stream: 'it.fraud-scores',
        partition: '2',
        position: '11',
        key: exampleFraudScore.cardToken,
        at: ARRIVED,
      },
    ]);
    // The batch's outputs in one publish, keyed by card token.
    expect(transport.published.map((p) => [p.stream, p.records.map((r) => r.key)])).toEqual([
      ['it.fraud-alerts', [exampleFraudAlert.cardToken, exampleFraudAlert.cardToken]],
    ]);
    expect(transport.publishedTo('it.fraud-alerts')).toEqual([alertOf('txn-1'), alertOf('txn-2')]);
    expect(transport.outcomes).toEqual([{ stream: 'it.fraud-scores', positions: ['10', '11'], outcome: 'committed' }]);
  });

  it("commits a batch only after a transient failure passed and a failing record was dead-lettered with the handler's own error; an invalid record never reaches the handler", async () => {
    const invalid = Buffer.from('{"schemaVersion":1,"score":2}');
    const failing = encodeEvent(score('txn-broken'));
    const transport = new ArrayTransport({
      [`${PREFIX}fraud-scores`]: [
        [
          record(20, encodeEvent(score('txn-flaky'))),
          record(21, failing),
          record(22, invalid),
          record(23, encodeEvent(score('txn-ok'))),
        ],
      ],
    });
    behaviour.transientFailures.set('txn-flaky', 2);
    behaviour.alwaysFailing.add('txn-broken');

    await startApp(transport);
    await transport.delivered();

    expect(behaviour.batches.map((batch) => batch.positions)).toEqual([['20', '21', '23']]);
    expect(behaviour.calls.map((call) => call.transactionId)).toEqual([
      'txn-flaky',
      'txn-flaky',
      'txn-flaky',
      'txn-broken',
      'txn-broken',
      'txn-ok',
    ]);
    const invalidError = contractForStream('fraud-scores').decode(invalid);
    // The invalid record is dead-lettered as the batch arrives, before its handler runs.
    expect(transport.publishedTo('it.fraud-scores-dlq')).toEqual([
      expect.objectContaining({
        sourceStream: 'it.fraud-scores',
        position: '22',
        error: invalidError.ok ? 'decoded' : invalidError.error.message,
        payloadBase64: invalid.toString('base64'),
        attempts: 1,
      }),
      expect.objectContaining({
        sourceStream: 'it.fraud-scores',
        position: '21',
        error: 'alert policy rejected the score',
        payloadBase64: failing.toString('base64'),
        attempts: 2,
      }),
    ]);
    expect(transport.publishedTo('it.fraud-alerts')).toEqual([alertOf('txn-flaky'), alertOf('txn-ok')]);
    expect(transport.outcomes).toEqual([
      { stream: 'it.fraud-scores', positions: ['20', '21', '22', '23'], outcome: 'committed' },
    ]);
  });

  it('rejects a batch whose handler fails after its records, after its outputs were published, and commits nothing past it', async () => {
    const stream = `${PREFIX}fraud-scores`;
    const transport = new ArrayTransport({
      [stream]: [
        [record(1, encodeEvent(score('t-1'))), record(2, encodeEvent(score('t-2')))],
        [record(3, encodeEvent(score('t-3')))],
        [record(4, encodeEvent(score('t-4')))],
      ],
    });
    behaviour.failingAfter.add('3');

    await startApp(transport);
    await transport.delivered();

    expect(behaviour.batches.map((batch) => batch.positions)).toEqual([['1', '2'], ['3']]);
    expect(transport.publishedTo('it.fraud-alerts')).toEqual([alertOf('t-1'), alertOf('t-2'), alertOf('t-3')]);
    expect(transport.outcomes).toEqual([
      { stream, positions: ['1', '2'], outcome: 'committed' },
      { stream, positions: ['3'], outcome: 'rejected' },
    ]);
  });

  it('on close, gives up a record failing transiently without committing its batch, then closes the transport', async () => {
    const transport = new ArrayTransport({
      [`${PREFIX}fraud-scores`]: [
        [record(30, encodeEvent(score('txn-stuck'))), record(31, encodeEvent(score('txn-next')))],
      ],
    });
    behaviour.transientFailures.set('txn-stuck', Number.POSITIVE_INFINITY);

    const started = await startApp(transport);
    await vi.waitFor(() => {
      expect(behaviour.calls.length).toBeGreaterThanOrEqual(3);
    });
    await started.close();
    app = undefined;

    expect(new Set(behaviour.calls.map((call) => call.transactionId))).toEqual(new Set(['txn-stuck']));
    expect(transport.outcomes).toEqual([{ stream: 'it.fraud-scores', positions: ['30', '31'], outcome: 'rejected' }]);
    expect(transport.published).toEqual([]);
    expect(transport.events).toEqual([
      'transport connected',
      'consumer of it.fraud-scores stopped',
      'transport closed',
    ]);
  });

  it('refuses to start when a consumed stream has no handler, naming it', async () => {
    const transport = new ArrayTransport({});

    await expect(
      startApp(transport, { consumes: { 'fraud-scores': 'alerting', 'transaction-features': 'alerting-features' } }),
    ).rejects.toThrow("no @StreamBatch('transaction-features') handler: the service consumes transaction-features");
    expect(transport.subscriptions).toEqual([]);
  });

  it('refuses to start with a handler of a stream the service does not consume, naming it', async () => {
    const transport = new ArrayTransport({});

    await expect(startApp(transport, { consumers: [ScoresConsumer, AlertsConsumer] })).rejects.toThrow(
      "@StreamBatch handlers of streams the service does not consume: AlertsConsumer.read (fraud-alerts); add them to startService's consumes",
    );
  });

  it('refuses to start with two handlers of one stream, naming both', async () => {
    const transport = new ArrayTransport({});

    await expect(startApp(transport, { consumers: [ScoresConsumer, SecondScoresConsumer] })).rejects.toThrow(
      "two @StreamBatch('fraud-scores') handlers: ScoresConsumer.alert and SecondScoresConsumer.alsoAlert",
    );
  });

  it('refuses to publish to a stream the service did not declare: the batch fails and is not committed', async () => {
    const transport = new ArrayTransport({ [`${PREFIX}fraud-scores`]: [[record(40, encodeEvent(score('t-40')))]] });

    await startApp(transport, { publishes: ['transaction-labels'] });
    await transport.delivered();

    expect(transport.publishedTo('it.fraud-alerts')).toEqual([]);
    expect(transport.outcomes).toEqual([{ stream: 'it.fraud-scores', positions: ['40'], outcome: 'rejected' }]);
  });
});
