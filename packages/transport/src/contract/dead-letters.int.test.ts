import {
  decodeTransaction,
  exampleTransaction,
  parseDeadLetter,
  type DeadLetter,
  type Transaction,
} from '@fraud/contracts';
import { TransientError } from '@fraud/resilience';
import { waitUntil } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import { createRecordPipeline } from '../pipeline/record-pipeline.js';
import type { IncomingRecord, StreamTransport } from '../stream-transport.js';
import { uniqueName } from './support/records.js';
import { quietLogger, TRANSPORT_KINDS, transportFor } from './support/transport-for.js';

// Poison records and retries, through each real transport: the record
// pipeline on top of a real consumer, the dead letters read back from the
// real dead-letter stream.

const fastBackoff = { initialMs: 5, maxMs: 20, multiplier: 2 };
const cardToken = exampleTransaction.cardToken;

function transaction(transactionId: string, overrides: Partial<Transaction> = {}): Buffer {
  return Buffer.from(JSON.stringify({ ...exampleTransaction, transactionId, ...overrides }));
}

// A KCL application's first start waits up to 30 s (hard-coded) before it takes leases.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

describe.each(TRANSPORT_KINDS)('%s transport: poison records and retries', (kind) => {
  const infraEnv = inject('infraEnv');
  let transport: StreamTransport;

  beforeAll(async () => {
    transport = transportFor(kind, infraEnv);
    await transport.connect();
  });
  afterAll(async () => {
    await transport.close();
  });

  async function run(
    records: Buffer[],
    handle: (event: Transaction) => Promise<void>,
    done: (deadLetters: DeadLetter[]) => boolean,
  ): Promise<{ deadLetters: DeadLetter[]; deadLettered: number }> {
    const metrics = new TransportMetrics();
    const stream = uniqueName('poison');
    const dlq = `${stream}-dlq`;
    await transport.ensureStreams([stream, dlq], 1);
    const deadLetters: DeadLetter[] = [];
    const dlqConsumer = transport.consumer({
      stream: dlq,
      group: uniqueName('dlq-reader'),
      handler: async (batch) => {
        for (const record of batch.records) {
          const parsed = parseDeadLetter(JSON.parse(record.value.toString('utf8')));
          if (!parsed.ok) throw parsed.error;
          deadLetters.push(parsed.value);
        }
      },
    });
    const consumer = transport.consumer({
      stream,
      group: uniqueName('group'),
      handler: createRecordPipeline({
        stream,
        decode: (record: IncomingRecord) => decodeTransaction(record.value),
        handle,
        publisher: transport.publisher,
        deadLetterStream: dlq,
        maxAttempts: 3,
        backoff: fastBackoff,
        metrics,
        logger: quietLogger,
      }),
    });
    await Promise.all([dlqConsumer.start(), consumer.start()]);
    try {
      await transport.publisher.publish(
        stream,
        records.map((value) => ({ key: cardToken, value })),
      );
      await waitUntil(async () => Promise.resolve(done(deadLetters)), {
        description: 'the expected dead letters and handled records',
        timeoutMs: 120_000,
        intervalMs: 100,
      });
    } finally {
      await consumer.stop();
      await dlqConsumer.stop();
    }
    const counted = (await metrics.deadLettered.get()).values.reduce((sum, sample) => sum + sample.value, 0);
    return { deadLetters, deadLettered: counted };
  }

  it('dead-letters a malformed record, an invalid one and one whose handler always fails, and handles the records after them', async () => {
    const handled: string[] = [];
    const malformed = Buffer.from('{"transactionId": "t-broken", ');
    const invalid = transaction('t-invalid', { amountMinor: -5, currency: 'euro' });
    const { deadLetters, deadLettered } = await run(
      [transaction('t-1'), malformed, invalid, transaction('t-poison'), transaction('t-2')],
      async (event) => {
        if (event.transactionId === 't-poison') throw new Error('merchant t-poison rejected by policy');
        handled.push(event.transactionId);
      },
      (letters) => letters.length === 3 && handled.length === 2,
    );

    expect(handled).toEqual(['t-1', 't-2']);
    expect(deadLettered).toBe(3);
    const byPayload = new Map(
      deadLetters.map((letter) => [Buffer.from(letter.payloadBase64, 'base64').toString('utf8'), letter]),
    );
    expect(byPayload.get(malformed.toString('utf8'))).toMatchObject({ attempts: 1, partitionKey: cardToken });
    expect(byPayload.get(malformed.toString('utf8'))?.error).toMatch(/not valid JSON/);
    expect(byPayload.get(invalid.toString('utf8'))?.error).toMatch(/amountMinor.*currency|currency.*amountMinor/s);
    expect(byPayload.get(invalid.toString('utf8'))?.attempts).toBe(1);
    expect(byPayload.get(transaction('t-poison').toString('utf8'))).toMatchObject({
      attempts: 3,
      error: 'merchant t-poison rejected by policy',
    });
    for (const letter of deadLetters) expect(letter.sourceStream).toMatch(/^poison-/);
  });

  it('does not dead-letter a record whose handler fails transiently twice and then succeeds', async () => {
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const { deadLetters, deadLettered } = await run(
      [transaction('t-flaky'), transaction('t-after')],
      async (event) => {
        const attempt = (attempts.get(event.transactionId) ?? 0) + 1;
        attempts.set(event.transactionId, attempt);
        if (event.transactionId === 't-flaky' && attempt <= 2) throw new TransientError('redis unreachable');
        handled.push(event.transactionId);
      },
      () => handled.length === 2,
    );

    expect(handled).toEqual(['t-flaky', 't-after']);
    expect(attempts.get('t-flaky')).toBe(3);
    expect(deadLettered).toBe(0);
    expect(deadLetters).toEqual([]);
  });
});
