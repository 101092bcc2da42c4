import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:tls';

import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { localAwsClientConfig } from '../local/aws-client-config.js';
import { listeningAddresses } from '../local/listening-addresses.js';
import { waitUntil } from '../wait-until.js';
import { localListenerPort } from './local-listener.js';

interface StoredRecord {
  partitionKey: string;
  data: string;
}

// Unique per run, so re-runs against a long-lived stack read only this run's records.
const streamName = `harness-check-${randomBytes(4).toString('hex')}`;
const cardTokens = ['card-alpha', 'card-bravo', 'card-charlie', 'card-delta', 'card-echo', 'card-foxtrot'];
const recordsPerCard = 4;
// Cards interleave as in live traffic; four keys hash to one shard, two to the other.
const putRecords: StoredRecord[] = Array.from({ length: recordsPerCard }, (_, index) =>
  cardTokens.map((partitionKey) => ({ partitionKey, data: `${partitionKey}#${index}` })),
).flat();

describe('Kinesis through the harness', () => {
  const { kinesisEndpoint, kinesisTlsEndpoint, kinesisTlsCertFile, awsRegion } = inject('infra');
  const plainPort = localListenerPort(kinesisEndpoint, inject('infraMode'));
  const tlsPort = localListenerPort(kinesisTlsEndpoint, inject('infraMode'));
  let client: KinesisClient;
  let created = false;

  beforeAll(() => {
    client = new KinesisClient(localAwsClientConfig(kinesisEndpoint, awsRegion));
  });

  afterAll(async () => {
    if (created) await client.send(new DeleteStreamCommand({ StreamName: streamName }));
    client.destroy();
  });

  it('routes every record to the shard owning its key hash and returns each key in order', async () => {
    await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 2 }));
    created = true;
    await waitUntil(
      async () => {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
        return summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
      },
      { description: `stream ${streamName} ACTIVE`, timeoutMs: 10_000 },
    );

    const put = await client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: putRecords.map(({ partitionKey, data }) => ({ PartitionKey: partitionKey, Data: Buffer.from(data) })),
      }),
    );
    expect(put.FailedRecordCount).toBe(0);

    const { Shards: shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
    expect(shards).toHaveLength(2);
    for (const shard of shards) {
      const expected = putRecords.filter(({ partitionKey }) => ownsKey(shard, partitionKey));
      // Both shards take part, or the test would not exercise routing.
      expect(expected.length).toBeGreaterThan(0);
      expect(await readShard(client, shard.ShardId!)).toEqual(expected);
    }
  });

  it('serves TLS with the certificate in kinesisTlsCertFile and offers HTTP/2 on the TLS port', async () => {
    const { hostname, port } = new URL(kinesisTlsEndpoint);
    const ca = await readFile(kinesisTlsCertFile, 'utf8');
    const handshake = await new Promise<{ authorized: boolean; alpnProtocol: string | false | null }>(
      (resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port), ca, ALPNProtocols: ['h2', 'http/1.1'] });
        socket.once('secureConnect', () => {
          resolve({ authorized: socket.authorized, alpnProtocol: socket.alpnProtocol });
          socket.end();
        });
        socket.on('error', reject);
      },
    );
    expect(handshake).toEqual({ authorized: true, alpnProtocol: 'h2' });
  });

  it.runIf(plainPort !== undefined && tlsPort !== undefined)(
    'listens on 127.0.0.1 only, on both ports (local processes; in Docker docker-proxy owns the ports)',
    async () => {
      expect(await listeningAddresses(plainPort!)).toEqual(['127.0.0.1']);
      expect(await listeningAddresses(tlsPort!)).toEqual(['127.0.0.1']);
    },
  );
});

// Kinesis maps a partition key to the 128-bit integer of its MD5 digest.
function ownsKey(shard: Shard, partitionKey: string): boolean {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  const { StartingHashKey: start, EndingHashKey: end } = shard.HashKeyRange ?? {};
  if (start === undefined || end === undefined) throw new Error(`shard ${shard.ShardId} has no hash key range`);
  return BigInt(start) <= hash && hash <= BigInt(end);
}

async function readShard(client: KinesisClient, shardId: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  // Everything was written before reading starts, so the first empty page is the end.
  while (iterator) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    const batch = page.Records ?? [];
    if (batch.length === 0) break;
    for (const record of batch) {
      records.push({ partitionKey: record.PartitionKey ?? '', data: Buffer.from(record.Data ?? []).toString('utf8') });
    }
    iterator = page.NextShardIterator;
  }
  return records;
}
