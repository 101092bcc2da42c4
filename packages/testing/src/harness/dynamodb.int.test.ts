import { randomBytes } from 'node:crypto';

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { localAwsClientConfig } from '../local/aws-client-config.js';
import { listeningAddresses } from '../local/listening-addresses.js';
import { waitUntil } from '../wait-until.js';
import { localListenerPort } from './local-listener.js';

// Unique per run, so re-runs against a long-lived stack start from an empty table.
const tableName = `harness-check-${randomBytes(4).toString('hex')}`;

describe('DynamoDB through the harness', () => {
  const { dynamodbEndpoint, awsRegion } = inject('infra');
  const port = localListenerPort(dynamodbEndpoint, inject('infraMode'));
  let client: DynamoDBClient;
  let created = false;

  beforeAll(() => {
    client = new DynamoDBClient(localAwsClientConfig(dynamodbEndpoint, awsRegion));
  });

  afterAll(async () => {
    if (created) await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  it('accepts the first conditional put of a key and rejects the second, keeping the first item', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    created = true;
    await waitUntil(
      async () => {
        const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        return table?.TableStatus === 'ACTIVE';
      },
      { description: `table ${tableName} ACTIVE`, timeoutMs: 10_000 },
    );

    const putOnce = (attempt: string) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: 'txn-1' }, attempt: { S: attempt } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await expect(putOnce('first')).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(putOnce('second')).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    const { Item: stored } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'txn-1' } }, ConsistentRead: true }),
    );
    expect(stored).toEqual({ pk: { S: 'txn-1' }, attempt: { S: 'first' } });
  });

  it.runIf(port !== undefined)(
    'listens on 127.0.0.1 only (local processes; in Docker docker-proxy owns the port)',
    async () => {
      expect(await listeningAddresses(port!)).toEqual(['127.0.0.1']);
    },
  );
});
