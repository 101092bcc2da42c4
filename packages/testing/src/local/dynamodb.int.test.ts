import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';

import type { RunningInfra } from '../infra-types.js';
import { waitUntil } from '../wait-until.js';
import { localAwsClientConfig } from './aws-client-config.js';
import { startLocalDynamo, type DynamoEndpoints } from './dynamodb.js';
import { listeningAddresses } from './listening-addresses.js';

const tableName = 'starter-check';

let dynamo: RunningInfra<DynamoEndpoints>;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoints.dynamodbEndpoint));
  return async () => {
    client.destroy();
    await dynamo.stop();
  };
});

describe('startLocalDynamo', () => {
  it('accepts the first conditional put of a key and rejects the second, keeping the first item', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
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

  it('listens on 127.0.0.1 only', async () => {
    const port = Number(new URL(dynamo.endpoints.dynamodbEndpoint).port);
    expect(await listeningAddresses(port)).toEqual(['127.0.0.1']);
  });
});
