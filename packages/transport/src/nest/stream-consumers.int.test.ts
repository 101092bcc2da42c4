import 'reflect-metadata';

import {
  decodeDeadLetter,
  decodeLabel,
  exampleTransaction,
  type DeadLetter,
  type Label,
  type Transaction,
} from '@fraud/contracts';
import { createMetricsRegistry, LOGGER, ObservabilityModule } from '@fraud/observability';
import { TransientError } from '@fraud/resilience';
import { waitUntil } from '@fraud/testing';
import { Inject, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';

import { createTransport } from '../create-transport.js';
import { quietLogger, TRANSPORT_KINDS, transportFor } from '../contract/support/transport-for.js';
import { uniqueName } from '../contract/support/records.js';
import type { ConsumedBatch } from '../pipeline/consumed-batch.js';
import type { StreamTransport } from '../stream-transport.js';
import { EventPublisher } from './event-publisher.js';
import { StreamBatch } from './stream-batch.decorator.js';
import { TransportModule } from './transport.module.js';
import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

interface Received {
  transactionId: string;
  stream: string;
  key: string;
}

// A service as services are built: a @StreamBatch handler in, EventPublisher out.
@Injectable()
class LabellingConsumer {
  static received: Received[] = [];
  static transientFailures = 0;

  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  @StreamBatch('transactions')
  async label(batch: ConsumedBatch<Transaction>): Promise<void> {
    const labels = await batch.mapRecords(async ({ event: transaction, stream, key }) => {
      if (transaction.transactionId === 't-flaky' && LabellingConsumer.transientFailures < 2) {
        LabellingConsumer.transientFailures += 1;
        throw new TransientError('feature store unreachable');
      }
      if (transaction.transactionId === 't-poison') throw new Error('cannot label t-poison');
      LabellingConsumer.received.push({ transactionId: transaction.transactionId, stream, key });
      const label: Label = {
        schemaVersion: 1,
        transactionId: transaction.transactionId,
        cardToken: transaction.cardToken,
        isFraud: false,
        scenario: 'legit',
      };
      return Promise.resolve(label);
    });
    await this.publisher.publish('transaction-labels', labels);
  }
}

describe.each(TRANSPORT_KINDS)('stream consumers on the %s transport', (kind) => {
  const infraEnv = inject('infraEnv');
  let app: INestApplication | undefined;
  let client: StreamTransport | undefined;

  afterEach(async () => {
    await app?.close();
    await client?.close();
  });

  it('delivers batches of decoded events to the @StreamBatch handler, retries transient failures, dead-letters the rest, and publishes outputs', async () => {
    LabellingConsumer.received = [];
    LabellingConsumer.transientFailures = 0;
    const prefix = `${uniqueName('svc')}.`;
    const settings = loadSettings(
      'stream-server-test',
      { schema: sharedSettingsSchema, requirements: sharedRequirements },
      { ...infraEnv, TRANSPORT: kind, STREAM_PREFIX: prefix },
    );
    client = transportFor(kind, infraEnv);
    await client.connect();

    @Module({
      imports: [
        ObservabilityModule.forRoot({ logger: quietLogger, metrics: createMetricsRegistry('labelling') }),
        TransportModule.forRoot({
          streamPrefix: prefix,
          transport: (deps) => createTransport(settings, { clientId: 'labelling', ...deps }),
          // CREATE_STREAMS: every stream of the contract and its DLQ, prefixed.
          createStreamsWithPartitions: 2,
          consumption: {
            consumes: { transactions: uniqueName('labelling') },
            maxAttempts: 2,
            backoff: { initialMs: 5, maxMs: 20, multiplier: 2 },
          },
          publishes: ['transaction-labels'],
        }),
      ],
      providers: [LabellingConsumer],
    })
    class LabellingModule {}

    app = await NestFactory.create(LabellingModule, new FastifyAdapter(), { logger: false });
    await app.init();

    const labels: Label[] = [];
    const deadLetters: DeadLetter[] = [];
    const readers = [
      client.consumer({
        stream: `${prefix}transaction-labels`,
        group: uniqueName('labels'),
        handler: async (batch) => {
          for (const record of batch.records) {
            const decoded = decodeLabel(record.value);
            if (decoded.ok) labels.push(decoded.value);
          }
        },
      }),
      client.consumer({
        stream: `${prefix}transactions-dlq`,
        group: uniqueName('dlq'),
        handler: async (batch) => {
          for (const record of batch.records) {
            const decoded = decodeDeadLetter(record.value);
            if (decoded.ok) deadLetters.push(decoded.value);
          }
        },
      }),
    ];
    await Promise.all(readers.map((reader) => reader.start()));

    const tx = (transactionId: string): Buffer => Buffer.from(JSON.stringify({ ...exampleTransaction, transactionId }));
    await client.publisher.publish(`${prefix}transactions`, [
      { key: exampleTransaction.cardToken, value: tx('t-1') },
      { key: exampleTransaction.cardToken, value: tx('t-flaky') },
      { key: exampleTransaction.cardToken, value: tx('t-poison') },
      { key: exampleTransaction.cardToken, value: Buffer.from('{"transactionId":"t-half"') },
      { key: exampleTransaction.cardToken, value: tx('t-2') },
    ]);
    try {
      await waitUntil(async () => Promise.resolve(labels.length === 3 && deadLetters.length === 2), {
        description: 'three labels and two dead letters',
        timeoutMs: 180_000,
        intervalMs: 100,
      });
    } finally {
      await Promise.all(readers.map((reader) => reader.stop()));
    }

    expect(LabellingConsumer.received).toEqual(
      ['t-1', 't-flaky', 't-2'].map((transactionId) => ({
        transactionId,
        stream: `${prefix}transactions`,
        key: exampleTransaction.cardToken,
      })),
    );
    expect(LabellingConsumer.transientFailures).toBe(2);
    expect(labels.map((label) => label.transactionId)).toEqual(['t-1', 't-flaky', 't-2']);
    expect(deadLetters.map((letter) => [letter.attempts, letter.error.slice(0, 30)]).sort()).toEqual([
      [1, 'invalid Transaction: payload i'],
      [2, 'cannot label t-poison'],
    ]);
    const logger = app.get<typeof quietLogger>(LOGGER);
    expect(logger).toBe(quietLogger);
  });
});
