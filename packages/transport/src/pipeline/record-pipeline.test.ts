import { createHash } from 'node:crypto';

import {
  contractForStream,
  encodeEvent,
  exampleTransaction,
  parseDeadLetter,
  type Transaction,
} from '@fraud/contracts';
import { TransientError } from '@fraud/resilience';
import { pino } from 'pino';
import { Registry, type Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { IncomingRecord, OutgoingRecord, StreamPublisher } from '../stream-transport.js';
import { createRecordPipeline, RecordRetryAbortedError, type RecordPipelineOptions } from './record-pipeline.js';

const STREAM = 'test.transactions';
const DLQ = 'test.transactions-dlq';
const FAILED_AT = new Date('2026-11-22T10:20:00.000Z');

/** A record of partition 3 at position 100 + index, holding `payload` (a Transaction of card `key` by default). */
function record(index: number, key: string, payload?: Buffer): IncomingRecord {
  return {
    stream: STREAM,
    partition: '3',
    position: String(100 + index),
    key,
    value: payload ?? encodeEvent({ ...exampleTransaction, transactionId: `txn-${index}`, cardToken: tokenOf(key) }),
    timestamp: new Date('2026-11-22T10:15:30.000Z'),
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function tokenOf(card: string): string {
  return createHash('sha256').update(card).digest('hex');
}

function batchOf(records: IncomingRecord[]): { stream: string; partition: string; records: IncomingRecord[] } {
  return { stream: STREAM, partition: '3', records };
}

/** Our StreamPublisher interface, recording what lands; fails the first `failures` publishes with a TransientError. */
class RecordingPublisher implements StreamPublisher {
  readonly published: { stream: string; records: OutgoingRecord[] }[] = [];
  constructor(private failures = 0) {}

  publish(stream: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new TransientError('broker unavailable'));
    }
    this.published.push({ stream, records: [...records] });
    return Promise.resolve();
  }

  deadLetters(): unknown[] {
    return this.published.flatMap((entry) => entry.records.map((r) => JSON.parse(r.value.toString('utf8')) as unknown));
  }
}

function setup(overrides: Partial<RecordPipelineOptions<Transaction>> & { publisher?: RecordingPublisher } = {}) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const metrics = new TransportMetrics(new Registry());
  const publisher = overrides.publisher ?? new RecordingPublisher();
  const handled: string[] = [];
  const pipeline = createRecordPipeline<Transaction>({
    stream: STREAM,
    decode: (incoming) => contractForStream('transactions').decode(incoming.value),
    handle: (transaction) => {
      handled.push(transaction.transactionId);
      return Promise.resolve();
    },
    publisher,
    deadLetterStream: DLQ,
    backoff: { initialMs: 1, maxMs: 2, multiplier: 2 },
    metrics,
    logger,
    now: () => FAILED_AT,
    ...overrides,
  });
  return { pipeline, publisher, metrics, handled, logLines };
}

async function count(counter: Counter, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((value) => Object.entries(labels).every(([name, label]) => value.labels[name] === label))
    .reduce((sum, value) => sum + value.value, 0);
}

describe('the record pipeline', () => {
  it("handles each key's records in batch order while keys run concurrently, at most maxInFlight at once", async () => {
    const keys = Array.from({ length: 10 }, (_, k) => `card-${k}`);
    const records = Array.from({ length: 200 }, (_, i) => record(i, keys[(i * 7) % keys.length] ?? ''));
    const seen = new Map<string, string[]>();
    let inFlight = 0;
    let maxSeen = 0;
    const { pipeline, metrics } = setup({
      maxInFlight: 4,
      handle: async (transaction, incoming) => {
        inFlight += 1;
        maxSeen = Math.max(maxSeen, inFlight);
        // Event-loop turns, no clock: every eleventh record takes 30, the others 0 to 2. Were a key's records run
        // concurrently, the one after a slow record, ten places on, would be handled before it.
        const index = Number(incoming.position) - 100;
        for (let turns = index % 11 === 0 ? 30 : index % 3; turns > 0; turns -= 1) await turn();
        seen.set(incoming.key, [...(seen.get(incoming.key) ?? []), transaction.transactionId]);
        inFlight -= 1;
      },
    });

    await pipeline(batchOf(records));

    for (const key of keys) {
      const expected = records.filter((r) => r.key === key).map((r) => `txn-${Number(r.position) - 100}`);
      expect(seen.get(key)).toEqual(expected);
    }
    expect(maxSeen).toBe(4);
    expect(await count(metrics.recordsConsumed, { stream: STREAM })).toBe(200);
  });

  it('handles a record that fails transiently twice then succeeds, and dead-letters nothing', async () => {
    let calls = 0;
    const { pipeline, publisher, metrics } = setup({
      handle: () => {
        calls += 1;
        return calls <= 2 ? Promise.reject(new TransientError('redis unavailable')) : Promise.resolve();
      },
    });

    await pipeline(batchOf([record(0, 'card-a')]));

    expect(calls).toBe(3);
    expect(publisher.published).toEqual([]);
    expect(await count(metrics.retries, { kind: 'transient' })).toBe(2);
    expect(await count(metrics.retries, { kind: 'record' })).toBe(0);
    expect(await count(metrics.deadLettered, {})).toBe(0);
    expect(await count(metrics.recordsConsumed, {})).toBe(1);
  });

  it('retries transient failures beyond maxAttempts: they never count toward dead-lettering', async () => {
    let calls = 0;
    const { pipeline, publisher } = setup({
      maxAttempts: 2,
      handle: () => {
        calls += 1;
        const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
        return calls <= 6 ? Promise.reject(new Error('window update failed', { cause })) : Promise.resolve();
      },
    });

    await pipeline(batchOf([record(0, 'card-a')]));

    expect(calls).toBe(7);
    expect(publisher.published).toEqual([]);
  });

  it('dead-letters a record whose handler always fails after exactly maxAttempts, then handles the records after it', async () => {
    const failing = record(1, 'card-a');
    const attempts: string[] = [];
    const { pipeline, publisher, metrics } = setup({
      maxAttempts: 3,
      handle: (transaction) => {
        attempts.push(transaction.transactionId);
        if (transaction.transactionId === 'txn-1') return Promise.reject(new Error('merchant lookup refused'));
        return Promise.resolve();
      },
    });

    await pipeline(batchOf([record(0, 'card-a'), failing, record(2, 'card-a')]));

    expect(attempts).toEqual(['txn-0', 'txn-1', 'txn-1', 'txn-1', 'txn-2']);
    expect(publisher.published.map((p) => ({ stream: p.stream, keys: p.records.map((r) => r.key) }))).toEqual([
      { stream: DLQ, keys: ['card-a'] },
    ]);
    const expected = {
      schemaVersion: 1,
      sourceStream: STREAM,
      partition: '3',
      position: '101',
      partitionKey: 'card-a',
      error: 'merchant lookup refused',
      payloadBase64: failing.value.toString('base64'),
      failedAt: '2026-11-22T10:20:00.000Z',
      attempts: 3,
    };
    expect(publisher.deadLetters()).toEqual([expected]);
    expect(parseDeadLetter(expected)).toEqual({ ok: true, value: expected });
    expect(await count(metrics.retries, { kind: 'record' })).toBe(2);
    expect(await count(metrics.deadLettered, { stream: STREAM, reason: 'failed' })).toBe(1);
    expect(await count(metrics.recordsConsumed, {})).toBe(3);
  });

  it('dead-letters a record that does not decode at once, naming the invalid fields and keeping its bytes', async () => {
    // JSON has no undefined: the record holds no currency.
    const invalid = record(0, 'card-a', encodeEvent({ ...exampleTransaction, amountMinor: -5, currency: undefined }));
    const notJson = record(1, 'card-b', Buffer.from('pan=4111111111111111 cvv=123'));
    const { pipeline, publisher, metrics, handled, logLines } = setup();

    await pipeline(batchOf([invalid, notJson, record(2, 'card-a')]));

    expect(handled).toEqual(['txn-2']);
    expect(publisher.deadLetters()).toEqual([
      {
        schemaVersion: 1,
        sourceStream: STREAM,
        partition: '3',
        position: '100',
        partitionKey: 'card-a',
        error: 'invalid Transaction: amountMinor: expected a positive integer; currency: required',
        payloadBase64: invalid.value.toString('base64'),
        failedAt: '2026-11-22T10:20:00.000Z',
        attempts: 1,
      },
      {
        schemaVersion: 1,
        sourceStream: STREAM,
        partition: '3',
        position: '101',
        partitionKey: 'card-b',
        error: 'invalid Transaction: payload is not valid JSON',
        payloadBase64: Buffer.from('pan=4111111111111111 cvv=123').toString('base64'),
        failedAt: '2026-11-22T10:20:00.000Z',
        attempts: 1,
      },
    ]);
    expect(await count(metrics.deadLettered, { reason: 'invalid' })).toBe(2);
    const logged = logLines.join('');
    expect(logged).toContain('"position":"101"');
    expect(logged).not.toContain('4111111111111111');
    expect(logged).not.toContain(invalid.value.toString('base64'));
  });

  it('dead-letters a record whose decoder throws, as invalid, instead of blocking the partition', async () => {
    const { pipeline, publisher, metrics } = setup({
      decode: () => {
        throw new Error('schema registry says no');
      },
    });

    const refused = record(0, 'card-a');
    await pipeline(batchOf([refused]));

    expect(publisher.deadLetters()).toEqual([
      {
        schemaVersion: 1,
        sourceStream: STREAM,
        partition: '3',
        position: '100',
        partitionKey: 'card-a',
        error: 'schema registry says no',
        payloadBase64: refused.value.toString('base64'),
        failedAt: '2026-11-22T10:20:00.000Z',
        attempts: 1,
      },
    ]);
    expect(await count(metrics.deadLettered, { reason: 'invalid' })).toBe(1);
  });

  it('retries a dead-letter publish until the transport accepts it', async () => {
    const { pipeline, publisher, metrics } = setup({ publisher: new RecordingPublisher(2) });

    await pipeline(batchOf([record(0, 'card-a', Buffer.from('{}'))]));

    expect(publisher.published).toHaveLength(1);
    expect(await count(metrics.retries, { kind: 'transient' })).toBe(2);
    expect(await count(metrics.deadLettered, { reason: 'invalid' })).toBe(1);
  });

  it('rejects the batch when shutdown comes while a record waits on a transient failure, dead-lettering nothing', async () => {
    const shutdown = new AbortController();
    const handled: string[] = [];
    const { pipeline, publisher, metrics } = setup({
      signal: shutdown.signal,
      handle: (transaction) => {
        if (transaction.transactionId === 'txn-1') {
          if (handled.filter((id) => id === 'txn-1').length === 3) shutdown.abort();
          handled.push(transaction.transactionId);
          return Promise.reject(new TransientError('redis unavailable'));
        }
        handled.push(transaction.transactionId);
        return Promise.resolve();
      },
    });

    const outcome = pipeline(batchOf([record(0, 'card-a'), record(1, 'card-a'), record(2, 'card-a')]));

    await expect(outcome).rejects.toThrow(RecordRetryAbortedError);
    await expect(outcome).rejects.toThrow(
      'stopped while retrying test.transactions partition 3 position 101: redis unavailable',
    );
    expect(handled).toEqual(['txn-0', 'txn-1', 'txn-1', 'txn-1', 'txn-1']);
    expect(publisher.published).toEqual([]);
    expect(await count(metrics.recordsConsumed, {})).toBe(1);
  });

  it('does not resolve the batch while a transient failure lasts', async () => {
    // Twice the default maxAttempts: transient failures never use them up.
    const failuresToSee = 10;
    let down = true;
    let failures = 0;
    let reachedFailures: () => void = () => undefined;
    const failedEnough = new Promise<'still waiting'>((resolve) => {
      reachedFailures = () => {
        resolve('still waiting');
      };
    });
    const { pipeline } = setup({
      handle: () => {
        if (!down) return Promise.resolve();
        failures += 1;
        if (failures === failuresToSee) reachedFailures();
        return Promise.reject(new TransientError('endpoint down'));
      },
    });
    const outcome = pipeline(batchOf([record(0, 'card-a')])).then(() => 'settled' as const);

    expect(await Promise.race([outcome, failedEnough])).toBe('still waiting');
    down = false;
    expect(await outcome).toBe('settled');
    expect(failures).toBe(failuresToSee);
  });

  it('warns about a lasting transient failure once per interval, with the error and no payload', async () => {
    let calls = 0;
    const { pipeline, logLines } = setup({
      transientLogIntervalMs: 60_000,
      handle: () => {
        calls += 1;
        return calls <= 5 ? Promise.reject(new TransientError('redis unavailable')) : Promise.resolve();
      },
    });

    await pipeline(batchOf([record(7, 'card-a')]));

    const warnings = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      msg: 'transient failure, retrying until it passes',
      stream: STREAM,
      partition: '3',
      position: '107',
      key: 'card-a',
      suppressed: 0,
      err: { message: 'redis unavailable', type: 'TransientError' },
    });
  });

  it('refuses a maxAttempts or maxInFlight below 1', () => {
    expect(() => setup({ maxAttempts: 0 })).toThrow(new RangeError('maxAttempts must be a positive integer, got 0'));
    expect(() => setup({ maxInFlight: 0.5 })).toThrow(
      new RangeError('maxInFlight must be a positive integer, got 0.5'),
    );
  });
});
