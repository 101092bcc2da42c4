import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

import { localAwsClientConfig } from '../local/aws-client-config.js';

/**
 * Who holds each lease of a KCL application: its lease table (named after
 * the application) read from a local DynamoDB, shard id to the owner's
 * worker identifier. A lease no worker holds maps to undefined.
 */
export async function kclLeaseOwners(
  dynamodbEndpoint: string,
  application: string,
): Promise<Map<string, string | undefined>> {
  const dynamo = new DynamoDBClient(localAwsClientConfig(dynamodbEndpoint));
  try {
    // One item per shard: a single page (up to 1 MB) holds any lease table a test makes.
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: application, ConsistentRead: true }));
    return new Map(Items.map((item) => [item.leaseKey?.S ?? '', item.leaseOwner?.S]));
  } finally {
    dynamo.destroy();
  }
}
