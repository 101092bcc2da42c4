import { kclLeaseOwners, startLocalDynamo, type ServiceProcess } from '@fraud/testing';

export interface LeaseTable {
  /** Settings pointing the engine at it (none on Kafka). */
  env: Record<string, string>;
  /** Kinesis: each shard's lease owner (a KCL worker identifier) in the group's lease table. */
  owners(group: string): Promise<Map<string, string | undefined>>;
  stop(): Promise<void>;
}

/**
 * On Kinesis, a DynamoDB of the test's own for the KCL lease tables, so the
 * leases of engines a test killed never meet another test's workers (the
 * tables are also apart by name: the group carries STREAM_PREFIX). On
 * Kafka, nothing.
 */
export async function ownLeaseTable(transport: 'kafka' | 'kinesis'): Promise<LeaseTable> {
  if (transport === 'kafka') {
    return {
      env: {},
      owners: () => Promise.reject(new Error('a Kafka group has no lease table')),
      stop: () => Promise.resolve(),
    };
  }
  const dynamo = await startLocalDynamo();
  const endpoint = dynamo.endpoints.dynamodbEndpoint;
  return {
    env: { DYNAMODB_ENDPOINT: endpoint },
    owners: (group) => kclLeaseOwners(endpoint, group),
    stop: () => dynamo.stop(),
  };
}

/** The worker identifier the engine's KCL consumer of `group` took leases under, from its log line at start. */
export function kclWorkerId(engine: ServiceProcess, group: string): string {
  for (const line of engine.stdout().split('\n')) {
    if (!line.includes('KCL consumer started')) continue;
    const entry = JSON.parse(line) as { msg?: string; group?: string; workerId?: string };
    if (entry.msg === 'KCL consumer started' && entry.group === group && entry.workerId !== undefined) {
      return entry.workerId;
    }
  }
  throw new Error(`engine ${engine.pid} logged no KCL consumer started for ${group}`);
}
