import { randomBytes } from 'node:crypto';

import {
  DeleteStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { OutgoingRecord } from '../stream-transport.js';
import { createKinesisClient } from './kinesis-client.js';
import { KinesisPublisher, type PutRecordsSender } from './kinesis-publisher.js';
import { ensureKinesisStreams } from './kinesis-streams.js';

const KEYS = 50;
const RECORDS = 2_000;
const SHARDS = 4;
const run = randomBytes(4).toString('hex');
const streams = { plain: `publish-${run}`, unsent: `publish-unsent-${run}`, lostReply: `publish-lost-${run}` };

interface Payload {
  key: string;
  seq: number;
}

interface Landed extends Payload {
  shardId: string;
}

/** RECORDS records, cards interleaved as in live traffic; `seq` numbers each card's records. */
function cardRecords(): OutgoingRecord[] {
  return Array.from({ length: RECORDS }, (_, n) => {
    const payload: Payload = { key: `card-${String(n % KEYS).padStart(2, '0')}`, seq: Math.floor(n / KEYS) };
    // About 300 bytes, like a transaction event.
    const value = JSON.stringify({ ...payload, pad: 'x'.repeat(260) });
    return { key: payload.key, value: Buffer.from(value) };
  });
}

/** Each card's `seq` values in shard order, and the shards it landed on. */
function byCard(landed: readonly Landed[]): Map<string, { seqs: number[]; shards: Set<string> }> {
  const cards = new Map<string, { seqs: number[]; shards: Set<string> }>();
  for (const { key, seq, shardId } of landed) {
    const card = cards.get(key) ?? { seqs: [], shards: new Set() };
    card.seqs.push(seq);
    card.shards.add(shardId);
    cards.set(key, card);
  }
  return cards;
}

const everySeq = Array.from({ length: RECORDS / KEYS }, (_, seq) => seq);

/** Records made to fail once: even cards, seq 3, 10, 17, 24, 31, 38 (each with later records of its card). */
const CHOSEN = (KEYS / 2) * 6;

/** True the first time a chosen record is seen; remembers it in `seen`. */
function firstSendOfChosen(data: Uint8Array | undefined, seen: Set<string>): boolean {
  const { key, seq } = JSON.parse(Buffer.from(data ?? []).toString('utf8')) as Payload;
  const chosen = Number(key.slice('card-'.length)) % 2 === 0 && seq % 7 === 3;
  const id = `${key}#${seq}`;
  if (!chosen || seen.has(id)) return false;
  seen.add(id);
  return true;
}

describe('KinesisPublisher against kinesis-local', () => {
  const infra = inject('infra');
  const infraEnv = inject('infraEnv');
  let client: KinesisClient;

  beforeAll(async () => {
    // The client takes credentials from the default chain, as in AWS.
    process.env.AWS_ACCESS_KEY_ID = infraEnv.AWS_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = infraEnv.AWS_SECRET_ACCESS_KEY;
    client = createKinesisClient({ region: infra.awsRegion, endpoint: infra.kinesisEndpoint });
    await ensureKinesisStreams(client, Object.values(streams), SHARDS);
  });

  afterAll(async () => {
    for (const stream of Object.values(streams)) {
      await client.send(new DeleteStreamCommand({ StreamName: stream })).catch(() => undefined);
    }
    client.destroy();
  });

  function publisher(sender: PutRecordsSender, metrics = new TransportMetrics()): KinesisPublisher {
    return new KinesisPublisher({
      client: sender,
      metrics,
      logger: pino({ level: 'silent' }),
      backoff: { initialMs: 5, maxMs: 20, multiplier: 2 },
    });
  }

  /** Every record of every shard, read from TRIM_HORIZON to the end. */
  async function readStream(stream: string): Promise<Landed[]> {
    const { Shards: shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
    expect(shards).toHaveLength(SHARDS);
    const landed: Landed[] = [];
    for (const { ShardId: shardId = '' } of shards) {
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      // Everything was written before reading starts, so the first empty page is the end.
      while (iterator !== undefined) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const records = page.Records ?? [];
        if (records.length === 0) break;
        for (const record of records) {
          const payload = JSON.parse(Buffer.from(record.Data ?? []).toString('utf8')) as Payload;
          expect(record.PartitionKey).toBe(payload.key);
          landed.push({ key: payload.key, seq: payload.seq, shardId });
        }
        iterator = page.NextShardIterator;
      }
    }
    return landed;
  }

  async function counted(metrics: TransportMetrics, stream: string): Promise<{ published: number; failures: number }> {
    const value = async (counter: TransportMetrics['recordsPublished']): Promise<number> =>
      (await counter.get()).values.find((entry) => entry.labels.stream === stream)?.value ?? 0;
    return { published: await value(metrics.recordsPublished), failures: await value(metrics.publishFailures) };
  }

  it('lands 2,000 records of 50 cards exactly once, each card in order on one shard', async () => {
    const metrics = new TransportMetrics();
    await publisher(client, metrics).publish(streams.plain, cardRecords());

    const landed = await readStream(streams.plain);
    expect(landed).toHaveLength(RECORDS);
    const cards = byCard(landed);
    expect(cards.size).toBe(KEYS);
    for (const { seqs, shards } of cards.values()) {
      expect(seqs).toEqual(everySeq);
      expect(shards.size).toBe(1);
    }
    // 50 cards hash onto every one of the 4 shards.
    expect(new Set(landed.map(({ shardId }) => shardId)).size).toBe(SHARDS);
    expect(await counted(metrics, streams.plain)).toEqual({ published: RECORDS, failures: 0 });
  });

  it('keeps every card in order, exactly once, when entries fail without being written', async () => {
    // The first time a chosen record is sent, Kinesis reports it throttled and does not write it.
    const refused = new Set<string>();
    const throttling: PutRecordsSender = {
      async send(command) {
        const entries = command.input.Records ?? [];
        const refuse = entries.map((entry) => firstSendOfChosen(entry.Data, refused));
        const kept = entries.filter((_, position) => !refuse[position]);
        const output = await client.send(new PutRecordsCommand({ ...command.input, Records: kept }));
        const written = [...(output.Records ?? [])];
        const Records = entries.map((_, position): PutRecordsResultEntry =>
          refuse[position]
            ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded (test)' }
            : (written.shift() ?? {}),
        );
        return { ...output, FailedRecordCount: refused.size, Records };
      },
    };
    const metrics = new TransportMetrics();
    await publisher(throttling, metrics).publish(streams.unsent, cardRecords());

    expect(refused.size).toBe(CHOSEN);
    const landed = await readStream(streams.unsent);
    expect(landed).toHaveLength(RECORDS);
    for (const { seqs } of byCard(landed).values()) expect(seqs).toEqual(everySeq);
    expect(await counted(metrics, streams.unsent)).toEqual({ published: RECORDS, failures: CHOSEN });
  });

  it('keeps every card in order, duplicating in place, when entries written are reported failed', async () => {
    // The first time a chosen record is sent, Kinesis writes it but the reply says it failed (a lost acknowledgement).
    const misreported = new Set<string>();
    const lossy: PutRecordsSender = {
      async send(command): Promise<PutRecordsCommandOutput> {
        const misreport = (command.input.Records ?? []).map((entry) => firstSendOfChosen(entry.Data, misreported));
        const output = await client.send(command);
        const Records = (output.Records ?? []).map((entry, position): PutRecordsResultEntry =>
          misreport[position] ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal Service Failure' } : entry,
        );
        return { ...output, Records };
      },
    };
    await publisher(lossy).publish(streams.lostReply, cardRecords());

    expect(misreported.size).toBe(CHOSEN);
    const landed = await readStream(streams.lostReply);
    // At least once: each misreported record is there twice, and nothing else is.
    expect(landed).toHaveLength(RECORDS + CHOSEN);
    for (const { seqs } of byCard(landed).values()) {
      // A duplicate sits right after its original, never after a later record of its card.
      expect(seqs.toSorted((a, b) => a - b)).toEqual(seqs);
      expect([...new Set(seqs)]).toEqual(everySeq);
    }
  });
});
