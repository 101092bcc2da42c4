import { startLocalDynamo } from '@fraud/testing';

export interface LeaseTable {
  /** Settings pointing the engine at it (none on Kafka). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * On Kinesis, a DynamoDB of the test's own for the KCL lease tables, so the
 * leases of engines a test killed never meet another test's workers (the
 * tables are also apart by name: the group carries STREAM_PREFIX). On
 * Kafka, nothing.
 */
export async function ownLeaseTable(transport: 'kafka' | 'kinesis'): Promise<LeaseTable> {
  if (transport === 'kafka') return { env: {}, stop: () => Promise.resolve() };
  const dynamo = await startLocalDynamo();
  return { env: { DYNAMODB_ENDPOINT: dynamo.endpoints.dynamodbEndpoint }, stop: () => dynamo.stop() };
}
