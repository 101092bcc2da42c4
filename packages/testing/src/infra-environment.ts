import type { InfraEndpoints } from './infra-types.js';

/**
 * The stack's endpoints as the environment variables services read
 * (contracts.md, runtime settings), plus the emulators' dummy credentials.
 * With a Redis Cluster, `REDIS_CLUSTER_URL` is one of its nodes (what a
 * service takes as `REDIS_URL` with `REDIS_CLUSTER=true`) and
 * `REDIS_CLUSTER_NODES` every primary, comma-separated; `REDIS_URL` stays
 * the single Redis.
 */
export function infraEnvironment(endpoints: InfraEndpoints): Record<string, string> {
  const cluster = endpoints.redisClusterNodes ?? [];
  return {
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    REDIS_URL: endpoints.redisUrl,
    ...(cluster.length === 0 ? {} : { REDIS_CLUSTER_URL: cluster[0] ?? '', REDIS_CLUSTER_NODES: cluster.join(',') }),
    KINESIS_ENDPOINT: endpoints.kinesisEndpoint,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    SNS_ENDPOINT: endpoints.snsEndpoint,
    SQS_ENDPOINT: endpoints.sqsEndpoint,
    AWS_REGION: endpoints.awsRegion,
    // The emulators accept any credentials; the SDKs insist on having some.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
}

/** `NAME=value` lines, as printed by `npm run infra:up` and read by `source` or `--env-file`. */
export function formatEnvironment(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}
