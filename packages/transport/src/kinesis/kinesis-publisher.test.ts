import {
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  type PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { isTransient } from '@fraud/resilience';
import { pino } from 'pino';
import type { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import { PublishError, type OutgoingRecord } from '../stream-transport.js';
import { KinesisPublisher, type PutRecordsSender } from './kinesis-publisher.js';

const STREAM = 'transactions';
const THROTTLED: PutRecordsResultEntry = {
  ErrorCode: 'ProvisionedThroughputExceededException',
  ErrorMessage: 'Rate exceeded for shard shardId-000000000001',
};

/** The entries of one request as `key:value`, and how the fake answers them. */
type Answer = (request: string[], call: number) => (PutRecordsResultEntry | undefined)[] | Error;

/** Stands in for Kinesis: records every request, answers as the test scripts. */
class FakeKinesis implements PutRecordsSender {
  readonly requests: string[][] = [];

  constructor(private readonly answer: Answer = () => []) {}

  async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
    const request = (command.input.Records ?? []).map(
      (entry) => `${entry.PartitionKey}:${Buffer.from(entry.Data ?? []).toString()}`,
    );
    this.requests.push(request);
    const answer = this.answer(request, this.requests.length);
    if (answer instanceof Error) throw answer;
    const Records = request.map(
      (_, position) => answer[position] ?? { ShardId: 'shardId-000000000000', SequenceNumber: '1' },
    );
    return { $metadata: {}, FailedRecordCount: answer.filter(Boolean).length, Records };
  }
}

function records(...entries: string[]): OutgoingRecord[] {
  return entries.map((entry) => {
    const [key = '', value = ''] = entry.split(':');
    return { key, value: Buffer.from(value) };
  });
}

function publisherOn(kinesis: FakeKinesis, metrics = new TransportMetrics()): KinesisPublisher {
  return new KinesisPublisher({
    client: kinesis,
    metrics,
    logger: pino({ level: 'silent' }),
    maxAttempts: 4,
    backoff: { initialMs: 1, maxMs: 2, multiplier: 1 },
  });
}

async function count(counter: Counter<'stream'>): Promise<number> {
  const { values } = await counter.get();
  return values.find((value) => value.labels.stream === STREAM)?.value ?? 0;
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof PublishError)) throw new Error(`expected a PublishError, got ${String(error)}`);
  return error;
}

describe('KinesisPublisher', () => {
  it('sends nothing for no records', async () => {
    const kinesis = new FakeKinesis();
    await publisherOn(kinesis).publish(STREAM, []);
    expect(kinesis.requests).toEqual([]);
  });

  it('sends each planned request once when every entry is accepted, and counts them', async () => {
    const kinesis = new FakeKinesis();
    const metrics = new TransportMetrics();
    await publisherOn(kinesis, metrics).publish(STREAM, records('a:1', 'b:1', 'a:2', 'c:1'));
    expect(kinesis.requests).toEqual([['a:1', 'b:1', 'c:1'], ['a:2']]);
    expect(await count(metrics.recordsPublished)).toBe(4);
    expect(await count(metrics.publishFailures)).toBe(0);
  });

  it('resends only the failed entries, then moves on', async () => {
    const kinesis = new FakeKinesis((_, call) => (call === 1 ? [undefined, THROTTLED, undefined, THROTTLED] : []));
    const metrics = new TransportMetrics();
    await publisherOn(kinesis, metrics).publish(STREAM, records('a:1', 'b:1', 'c:1', 'd:1', 'a:2'));
    expect(kinesis.requests).toEqual([['a:1', 'b:1', 'c:1', 'd:1'], ['b:1', 'd:1'], ['a:2']]);
    expect(await count(metrics.recordsPublished)).toBe(5);
    expect(await count(metrics.publishFailures)).toBe(2);
  });

  it('never sends a later record of a key before the earlier one is accepted', async () => {
    // a:1 fails twice; a:2 must wait for it, b's records go on in their own order.
    const kinesis = new FakeKinesis((request, call) => (request[0] === 'a:1' && call <= 2 ? [THROTTLED] : []));
    await publisherOn(kinesis).publish(STREAM, records('a:1', 'b:1', 'a:2', 'b:2', 'a:3'));
    expect(kinesis.requests).toEqual([['a:1', 'b:1'], ['a:1'], ['a:1'], ['a:2', 'b:2'], ['a:3']]);
  });

  it("sends requests that share no key together, and a key's next request only after its previous was accepted", async () => {
    // Planned with two records per request: [a1 b1] [c1 d1] [a2 c2] [e1]; [a2 c2] waits for the first two.
    const sent: string[][] = [];
    const answers = new Map<string, () => void>();
    const kinesis = new FakeKinesis();
    const held: PutRecordsSender = {
      send: async (command) => {
        const request = (command.input.Records ?? []).map(
          (entry) => `${entry.PartitionKey}:${Buffer.from(entry.Data ?? []).toString()}`,
        );
        sent.push(request);
        await new Promise<void>((resolve) => answers.set(request.join(' '), resolve));
        return kinesis.send(command);
      },
    };
    const answer = async (request: string): Promise<void> => {
      answers.get(request)?.();
      answers.delete(request);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const publisher = new KinesisPublisher({
      client: held,
      metrics: new TransportMetrics(),
      logger: pino({ level: 'silent' }),
      limits: { maxRecords: 2, maxRequestBytes: 1024, maxRecordBytes: 1024 },
      maxRequestsInFlight: 3,
    });
    const publishing = publisher.publish(STREAM, records('a:1', 'b:1', 'c:1', 'd:1', 'a:2', 'c:2', 'e:1'));
    await new Promise((resolve) => setImmediate(resolve));
    expect([...answers.keys()]).toEqual(['a:1 b:1', 'c:1 d:1', 'e:1']);
    await answer('a:1 b:1');
    await answer('e:1');
    expect([...answers.keys()]).toEqual(['c:1 d:1']);
    await answer('c:1 d:1');
    expect([...answers.keys()]).toEqual(['a:2 c:2']);
    await answer('a:2 c:2');
    await publishing;
    expect(sent).toEqual([['a:1', 'b:1'], ['c:1', 'd:1'], ['e:1'], ['a:2', 'c:2']]);
  });

  it('retries a request that failed whole with a transient error', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    const serverError = Object.assign(new Error('Service Unavailable'), { $metadata: { httpStatusCode: 503 } });
    const kinesis = new FakeKinesis((_, call) => (call === 1 ? throttled : call === 2 ? serverError : []));
    const metrics = new TransportMetrics();
    await publisherOn(kinesis, metrics).publish(STREAM, records('a:1', 'b:1'));
    expect(kinesis.requests).toEqual([
      ['a:1', 'b:1'],
      ['a:1', 'b:1'],
      ['a:1', 'b:1'],
    ]);
    expect(await count(metrics.recordsPublished)).toBe(2);
    expect(await count(metrics.publishFailures)).toBe(4);
  });

  it('gives up after the attempts with a transient PublishError naming what was not accepted', async () => {
    const kinesis = new FakeKinesis((request) => request.map((entry) => (entry === 'b:1' ? THROTTLED : undefined)));
    const error = await publishError(publisherOn(kinesis).publish(STREAM, records('a:1', 'b:1', 'c:1', 'b:2', 'a:2')));
    expect(kinesis.requests).toEqual([['a:1', 'b:1', 'c:1'], ['b:1'], ['b:1'], ['b:1']]);
    expect(error.failures).toEqual([
      { index: 1, error: 'ProvisionedThroughputExceededException: Rate exceeded for shard shardId-000000000001' },
      { index: 3, error: 'not sent: another PutRecords request of this publish was not accepted' },
      { index: 4, error: 'not sent: another PutRecords request of this publish was not accepted' },
    ]);
    expect(error.message).toBe(
      'publish to transactions: 3 record(s) not accepted: #1 ProvisionedThroughputExceededException: Rate exceeded for shard shardId-000000000001; #3 not sent: another PutRecords request of this publish was not accepted; #4 not sent: another PutRecords request of this publish was not accepted',
    );
    // The consumer then waits and retries rather than dead-lettering its batch.
    expect(isTransient(error)).toBe(true);
  });

  it('rejects at once, not transient, when the request itself is refused', async () => {
    const missing = new ResourceNotFoundException({ message: 'Stream transactions not found', $metadata: {} });
    const kinesis = new FakeKinesis(() => missing);
    const error = await publishError(publisherOn(kinesis).publish(STREAM, records('a:1', 'b:1')));
    expect(kinesis.requests).toHaveLength(1);
    expect(error.failures).toEqual([
      { index: 0, error: 'ResourceNotFoundException: Stream transactions not found' },
      { index: 1, error: 'ResourceNotFoundException: Stream transactions not found' },
    ]);
    expect(error.cause).toBe(missing);
    expect(isTransient(error)).toBe(false);
  });

  it('rejects a record over the limit before sending anything, naming it first', async () => {
    const kinesis = new FakeKinesis();
    const oversized = { key: 'b', value: Buffer.alloc(1024 * 1024) };
    const error = await publishError(publisherOn(kinesis).publish(STREAM, [...records('a:1'), oversized]));
    expect(kinesis.requests).toEqual([]);
    expect(error.failures).toEqual([
      {
        index: 1,
        error: 'record #1 cannot be put: 1048577 bytes with its partition key, over the 1048576-byte record limit',
      },
      { index: 0, error: 'not sent: record #1 is invalid' },
    ]);
    expect(isTransient(error)).toBe(false);
  });
});
