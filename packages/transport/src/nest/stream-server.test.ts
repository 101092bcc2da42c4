import {
  contractForStream,
  encodeEvent,
  exampleFraudAlert,
  exampleFraudScore,
  type FraudScore,
} from '@fraud/contracts';
import { ObservabilityModule } from '@fraud/observability';
import { TransientError } from '@fraud/resilience';
import { Controller, Inject, Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type {
  ConsumeOptions,
  IncomingRecord,
  OutgoingRecord,
  RecordBatch,
  StreamConsumer,
  StreamTransport,
} from '../stream-transport.js';
import { connectStreamServer, type StreamConsumerSettings } from './connect-stream-server.js';
import { EventPublisher } from './stream-publisher.service.js';
import { StreamRecordContext } from './stream-record.context.js';
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

/** What the handler below does per transactionId, and what it saw. */
const behaviour = {
  calls: [] as { transactionId: string; stream: string; partition: string; position: string; key: string; at: Date }[],
  transientFailures: new Map<string, number>(),
  alwaysFailing: new Set<string>(),
  batchStates: [] as unknown[],
};

class ScoresController {
  constructor(private readonly publisher: EventPublisher) {}

  async onScore(event: FraudScore, context: StreamRecordContext): Promise<void> {
    behaviour.calls.push({
      transactionId: event.transactionId,
      stream: context.getStream(),
      partition: context.getPartition(),
      position: context.getPosition(),
      key: context.getKey(),
      at: context.getTimestamp(),
    });
    behaviour.batchStates.push(context.getBatchState());
    const transient = behaviour.transientFailures.get(event.transactionId) ?? 0;
    if (transient > 0) {
      behaviour.transientFailures.set(event.transactionId, transient - 1);
      throw new TransientError('sns unavailable');
    }
    if (behaviour.alwaysFailing.has(event.transactionId)) throw new Error('alert policy rejected the score');
    await this.publisher.publish('fraud-alerts', [
      { key: event.cardToken, event: { ...exampleFraudAlert, transactionIds: [event.transactionId] } },
    ]);
  }
}

class UnknownStreamController {
  onPayment(): Promise<void> {
    return Promise.resolve();
  }
}

// Vitest compiles test files without TypeScript's legacy decorators, so the
// decorators a service would write are applied here by hand:
// @Controller() class ScoresController { constructor(@Inject(EventPublisher) ...)
//   @EventPattern('fraud-scores') onScore(@Payload() event, @Ctx() context) }
Inject(EventPublisher)(ScoresController, undefined, 0);
Payload()(ScoresController.prototype, 'onScore', 0);
Ctx()(ScoresController.prototype, 'onScore', 1);
decorateMethod(ScoresController, 'onScore', EventPattern('fraud-scores'));
Controller()(ScoresController);
decorateMethod(UnknownStreamController, 'onPayment', EventPattern('payments'));
Controller()(UnknownStreamController);

function decorateMethod(
  type: Type,
  method: string,
  decorator: (target: object, key: string, descriptor: PropertyDescriptor) => void,
): void {
  const descriptor = Object.getOwnPropertyDescriptor(type.prototype, method);
  if (descriptor === undefined) throw new Error(`${type.name} has no method ${method}`);
  decorator(type.prototype as object, method, descriptor);
}

let app: INestApplication | undefined;

async function startApp(
  transport: ArrayTransport,
  controller: Type = ScoresController,
  batchHooks?: StreamConsumerSettings['batchHooks'],
  groups?: StreamConsumerSettings['groups'],
): Promise<INestApplication> {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module, decorated below
  class TestServiceModule {}
  Module({
    imports: [
      ObservabilityModule.forRoot({ logger: pino({ level: 'silent' }), metrics: new Registry() }),
      TransportModule.forRoot({ streamPrefix: PREFIX, transport: () => transport }),
    ],
    controllers: [controller],
  })(TestServiceModule);

  app = await NestFactory.create(TestServiceModule, new FastifyAdapter(), { logger: false });
  await app.init();
  connectStreamServer(app, {
    group: 'alerting',
    pipeline: { maxAttempts: 2, backoff: { initialMs: 1, maxMs: 2, multiplier: 2 } },
    batchHooks,
    groups,
  });
  await app.startAllMicroservices();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
  behaviour.calls.length = 0;
  behaviour.transientFailures.clear();
  behaviour.alwaysFailing.clear();
  behaviour.batchStates.length = 0;
});

describe('StreamServer in a Nest app', () => {
  it('consumes the prefixed stream of each @EventPattern as the group, handing handlers the event and its record context', async () => {
    const transport = new ArrayTransport({
      [`${PREFIX}fraud-scores`]: [[record(10, encodeEvent(score('txn-1'))), record(11, encodeEvent(score('txn-2')))]],
    });

    await startApp(transport);
    await transport.delivered();

    expect(transport.subscriptions).toEqual([
      { stream: 'it.fraud-scores', group: 'it.alerting', startFrom: undefined },
    ]);
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
    expect(transport.published.map((p) => p.stream)).toEqual(['it.fraud-alerts', 'it.fraud-alerts']);
    expect(transport.publishedTo('it.fraud-alerts')).toEqual([
      { ...exampleFraudAlert, transactionIds: ['txn-1'] },
      { ...exampleFraudAlert, transactionIds: ['txn-2'] },
    ]);
    expect(transport.outcomes).toEqual([{ stream: 'it.fraud-scores', positions: ['10', '11'], outcome: 'committed' }]);
  });

  it("commits a batch only after a transient handler failure passed and a failing record was dead-lettered with the handler's own error", async () => {
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

    expect(behaviour.calls.map((call) => call.transactionId)).toEqual([
      'txn-flaky',
      'txn-flaky',
      'txn-flaky',
      'txn-broken',
      'txn-broken',
      'txn-ok',
    ]);
    const invalidError = contractForStream('fraud-scores').decode(invalid);
    expect(transport.publishedTo('it.fraud-scores-dlq')).toEqual([
      expect.objectContaining({
        sourceStream: 'it.fraud-scores',
        position: '21',
        error: 'alert policy rejected the score',
        payloadBase64: failing.toString('base64'),
        attempts: 2,
      }),
      expect.objectContaining({
        sourceStream: 'it.fraud-scores',
        position: '22',
        error: invalidError.ok ? 'decoded' : invalidError.error.message,
        payloadBase64: invalid.toString('base64'),
        attempts: 1,
      }),
    ]);
    expect(transport.publishedTo('it.fraud-alerts')).toEqual([
      { ...exampleFraudAlert, transactionIds: ['txn-flaky'] },
      { ...exampleFraudAlert, transactionIds: ['txn-ok'] },
    ]);
    expect(transport.outcomes).toEqual([
      { stream: 'it.fraud-scores', positions: ['20', '21', '22', '23'], outcome: 'committed' },
    ]);
  });

  it('consumes a stream named in groups as its own group, prefixed like the service’s', async () => {
    const transport = new ArrayTransport({ [`${PREFIX}fraud-scores`]: [[]] });

    await startApp(transport, ScoresController, undefined, { 'fraud-scores': 'alerting-scores' });
    await transport.delivered();

    expect(transport.subscriptions).toEqual([
      { stream: 'it.fraud-scores', group: 'it.alerting-scores', startFrom: undefined },
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

  it('runs batch hooks around each batch: the state of before reaches its records, after runs before the commit, and a failing after rejects the batch', async () => {
    const stream = `${PREFIX}fraud-scores`;
    const transport = new ArrayTransport({
      [stream]: [
        [record(1, encodeEvent(score('t-1'))), record(2, encodeEvent(score('t-2')))],
        [record(3, encodeEvent(score('t-3')))],
      ],
    });
    const seen: string[] = [];
    let batches = 0;
    await startApp(transport, ScoresController, {
      'fraud-scores': {
        before: (batch: RecordBatch) => {
          seen.push(`before ${batch.records.map((r) => r.position).join(',')}`);
          batches += 1;
          return Promise.resolve({ batch: batches });
        },
        after: (_batch: RecordBatch, state: { batch: number }) => {
          seen.push(`after ${state.batch}`);
          return state.batch === 2 ? Promise.reject(new Error('watermark not persisted')) : Promise.resolve();
        },
      },
    });
    await transport.delivered();

    expect(behaviour.batchStates).toEqual([{ batch: 1 }, { batch: 1 }, { batch: 2 }]);
    expect(seen).toEqual(['before 1,2', 'after 1', 'before 3', 'after 2']);
    expect(transport.outcomes).toEqual([
      { stream, positions: ['1', '2'], outcome: 'committed' },
      { stream, positions: ['3'], outcome: 'rejected' },
    ]);
  });

  it('refuses to start a handler of a stream the contract does not know', async () => {
    const transport = new ArrayTransport({});

    await expect(startApp(transport, UnknownStreamController)).rejects.toThrow(
      'no contract for stream "payments": expected one of transactions, transaction-features, fraud-scores, ' +
        'fraud-alerts, transaction-labels, fraud-confirmations or <stream>-dlq, without STREAM_PREFIX',
    );
  });
});
