import { contractForStream, encodeEvent, exampleTransaction, type Transaction } from '@fraud/contracts';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { IncomingRecord, OutgoingRecord } from '../stream-transport.js';
import { createBatchPipeline } from './batch-pipeline.js';
import type { ConsumedBatch } from './consumed-batch.js';

const STREAM = 'test.transactions';

function record(index: number, payload?: Buffer): IncomingRecord {
  return {
    stream: STREAM,
    partition: '1',
    position: String(index),
    key: `card-${index % 2}`,
    value: payload ?? encodeEvent({ ...exampleTransaction, transactionId: `txn-${index}` }),
    timestamp: new Date('2026-11-22T10:15:30.000Z'),
  };
}

function setup(handle: (batch: ConsumedBatch<Transaction>) => Promise<void>) {
  const metrics = new TransportMetrics(new Registry());
  const published: OutgoingRecord[] = [];
  const pipeline = createBatchPipeline<Transaction>({
    stream: STREAM,
    decode: (incoming) => contractForStream('transactions').decode(incoming.value),
    handle,
    publisher: {
      publish: (_stream, records) => {
        published.push(...records);
        return Promise.resolve();
      },
    },
    deadLetterStream: `${STREAM}-dlq`,
    backoff: { initialMs: 1, maxMs: 1, multiplier: 1 },
    maxAttempts: 2,
    metrics,
    logger: pino({ level: 'silent' }),
  });
  const consumed = async (): Promise<number> =>
    (await metrics.recordsConsumed.get()).values.reduce((sum, sample) => sum + sample.value, 0);
  const observed = async (): Promise<number> =>
    (await metrics.handlerSeconds.get()).values.find(
      (sample) => sample.metricName === 'transport_handler_seconds_count',
    )?.value ?? 0;
  return { pipeline, published, consumed, observed, metrics };
}

describe('the batch pipeline', () => {
  it('counts every record of a batch done once its handler resolves, whether or not the handler worked record by record', async () => {
    const seen: string[][] = [];
    const { pipeline, consumed, observed } = setup((batch) => {
      seen.push(batch.records.map((r) => r.event.transactionId));
      return Promise.resolve();
    });

    await pipeline({ stream: STREAM, partition: '1', records: [record(0), record(1), record(2)] });

    expect(seen).toEqual([['txn-0', 'txn-1', 'txn-2']]);
    expect(await consumed()).toBe(3);
    expect(await observed()).toBe(3);
  });

  it('counts a record worked on by mapRecords once, and returns the results of the records not dead-lettered in batch order', async () => {
    const results: string[][] = [];
    const { pipeline, consumed, published } = setup(async (batch) => {
      results.push(
        await batch.mapRecords(({ event }) => {
          if (event.transactionId === 'txn-1') return Promise.reject(new Error('policy refused txn-1'));
          return Promise.resolve(event.transactionId);
        }),
      );
    });

    await pipeline({ stream: STREAM, partition: '1', records: [record(0), record(1), record(2), record(3)] });

    expect(results).toEqual([['txn-0', 'txn-2', 'txn-3']]);
    expect(published.map((r) => JSON.parse(r.value.toString('utf8')) as { error: string })).toEqual([
      expect.objectContaining({ position: '1', error: 'policy refused txn-1', attempts: 2 }),
    ]);
    expect(await consumed()).toBe(4);
  });

  it('does not call the handler for a batch whose records all fail the contract, and counts them dead-lettered', async () => {
    let calls = 0;
    const { pipeline, consumed, published } = setup(() => {
      calls += 1;
      return Promise.resolve();
    });

    await pipeline({
      stream: STREAM,
      partition: '1',
      records: [record(0, Buffer.from('{"oops"')), record(1, Buffer.from('[]'))],
    });

    expect(calls).toBe(0);
    expect(published.map((r) => (JSON.parse(r.value.toString('utf8')) as { position: string }).position)).toEqual([
      '0',
      '1',
    ]);
    expect(await consumed()).toBe(2);
  });

  it('rejects when the handler rejects, counting done only the records its mapRecords finished', async () => {
    const { pipeline, consumed, observed } = setup(async (batch) => {
      await batch.mapRecords(({ event }) => Promise.resolve(event.transactionId));
      throw new Error('watermark not persisted');
    });

    await expect(pipeline({ stream: STREAM, partition: '1', records: [record(0), record(1)] })).rejects.toThrow(
      'watermark not persisted',
    );
    expect(await consumed()).toBe(2);
    expect(await observed()).toBe(0);
  });

  it("observes each record's wait from its timestamp to the handling that succeeded, apart from the handler's time", async () => {
    const { pipeline, metrics } = setup(() => Promise.resolve());
    const now = Date.now();
    const waited = (index: number, ago: number): IncomingRecord => ({
      ...record(index),
      timestamp: new Date(now - ago),
    });

    // Waited 30 s and 3 ms; a timestamp ahead of this clock (another machine's) counts as no wait.
    await pipeline({ stream: STREAM, partition: '1', records: [waited(0, 30_000), waited(1, 3), waited(2, -5_000)] });

    const buckets = new Map(
      (await metrics.recordWaitSeconds.get()).values
        .filter((sample) => sample.metricName === 'transport_record_wait_seconds_bucket')
        .map((sample) => [String((sample.labels as Record<string, string | number>).le), sample.value]),
    );
    expect(buckets.get('0.0005')).toBe(1);
    expect(buckets.get('10')).toBe(2);
    expect(buckets.get('60')).toBe(3);
  });
});
