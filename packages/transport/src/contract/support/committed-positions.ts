import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { Kafka, logLevel } from 'kafkajs';

import { localAwsClientConfig } from '@fraud/testing';

import type { TransportKind } from './transport-for.js';

/**
 * What the group has committed, per partition: for Kafka the next offset to
 * read, for Kinesis the last checkpointed sequence number (KCL lease table).
 */
export async function committedPositions(
  kind: TransportKind,
  infraEnv: Record<string, string>,
  stream: string,
  group: string,
): Promise<Map<string, string>> {
  if (kind === 'kafka') {
    const admin = new Kafka({ brokers: String(infraEnv.KAFKA_BROKERS).split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId: group, topics: [stream] });
      return new Map(
        (topic?.partitions ?? []).filter((p) => p.offset !== '-1').map((p) => [String(p.partition), p.offset]),
      );
    } finally {
      await admin.disconnect();
    }
  }
  const dynamo = new DynamoDBClient(localAwsClientConfig(String(infraEnv.DYNAMODB_ENDPOINT)));
  try {
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: group }));
    const positions = new Map<string, string>();
    for (const item of Items) {
      const shard = item.leaseKey?.S;
      const checkpoint = item.checkpoint?.S;
      if (shard !== undefined && checkpoint !== undefined && /^\d+$/.test(checkpoint)) positions.set(shard, checkpoint);
    }
    return positions;
  } finally {
    dynamo.destroy();
  }
}

/** Whether a record at `position` lies at or before what was committed. */
export function isCommitted(kind: TransportKind, position: string, committed: string): boolean {
  return kind === 'kafka' ? BigInt(position) < BigInt(committed) : BigInt(position) <= BigInt(committed);
}
