import { randomBytes } from 'node:crypto';

import {
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createKinesisClient } from './kinesis-client.js';
import { ensureKinesisStreams } from './kinesis-streams.js';

const run = randomBytes(4).toString('hex');
const transactions = `transactions-${run}`;
const alerts = `alerts-${run}`;

describe('ensureKinesisStreams against kinesis-local', () => {
  const infra = inject('infra');
  const infraEnv = inject('infraEnv');
  let client: KinesisClient;

  beforeAll(() => {
    // The client takes credentials from the default chain, as in AWS.
    process.env.AWS_ACCESS_KEY_ID = infraEnv.AWS_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = infraEnv.AWS_SECRET_ACCESS_KEY;
    client = createKinesisClient({ region: infra.awsRegion, endpoint: infra.kinesisEndpoint });
  });

  afterAll(async () => {
    for (const stream of [transactions, alerts]) {
      await client.send(new DeleteStreamCommand({ StreamName: stream })).catch(() => undefined);
    }
    client.destroy();
  });

  async function describeStream(stream: string): Promise<{ status?: string; mode?: string; shards: number }> {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: stream }),
    );
    const { Shards: shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
    return { status: summary?.StreamStatus, mode: summary?.StreamModeDetails?.StreamMode, shards: shards.length };
  }

  it('creates a missing stream with 4 shards and returns once it is ACTIVE', async () => {
    await ensureKinesisStreams(client, [transactions], 4);
    expect(await describeStream(transactions)).toEqual({ status: 'ACTIVE', mode: 'PROVISIONED', shards: 4 });
  });

  it('leaves an existing stream as it is and creates only the missing ones', async () => {
    await ensureKinesisStreams(client, [transactions, alerts], 2);
    expect(await describeStream(transactions)).toEqual({ status: 'ACTIVE', mode: 'PROVISIONED', shards: 4 });
    expect(await describeStream(alerts)).toEqual({ status: 'ACTIVE', mode: 'PROVISIONED', shards: 2 });
    await ensureKinesisStreams(client, [transactions, alerts], 4);
    expect(await describeStream(alerts)).toEqual({ status: 'ACTIVE', mode: 'PROVISIONED', shards: 2 });
  });
});
