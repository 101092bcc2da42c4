import { dockerEngineAnswers } from './docker-engine.js';
import { chooseInfraMode } from './infra-mode.js';
import { infraEnvironment } from './infra-environment.js';
import type { InfraEndpoints, InfraMode, RunningInfra } from './infra-types.js';
import { startContainerStack } from './containers/container-stack.js';
import { startLocalDynamo } from './local/dynamodb.js';
import { startLocalKafka } from './local/kafka.js';
import { startLocalKinesis } from './local/kinesis.js';
import { startLocalMoto } from './local/moto.js';
import { startLocalRedis } from './local/redis.js';
import { startLocalRedisCluster, type RedisClusterEndpoints } from './local/redis-cluster.js';
import { redisClusterRequested } from './redis-cluster-request.js';

export interface InfraStack {
  readonly mode: InfraMode;
  readonly endpoints: InfraEndpoints;
  /** The endpoints as environment variables (KAFKA_BROKERS=…, REDIS_URL=…). */
  readonly env: Record<string, string>;
  /** Process ids of local infrastructure (empty for containers), for leak checks. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export interface StartInfraOptions {
  /** Overrides INFRA and the Docker detection. */
  mode?: InfraMode;
  awsRegion?: string;
  /**
   * A Redis Cluster of 3 primaries as well (`endpoints.redisClusterNodes`,
   * `REDIS_CLUSTER_URL`); overrides INFRA_REDIS_CLUSTER. Off by default.
   */
  redisCluster?: boolean;
}

/**
 * Starts Kafka, Redis, Kinesis, DynamoDB and SNS/SQS (and, when asked, a
 * Redis Cluster): as local processes, or as containers when a Docker engine
 * is there (INFRA=local|containers decides when set). Either way the same
 * endpoints come back.
 */
export async function startInfraStack(options: StartInfraOptions = {}): Promise<InfraStack> {
  const redisCluster = options.redisCluster ?? redisClusterRequested(process.env.INFRA_REDIS_CLUSTER);
  const mode = options.mode ?? chooseInfraMode(process.env.INFRA, await dockerEngineAnswers());
  const awsRegion = options.awsRegion ?? 'us-east-1';
  const parts = mode === 'local' ? await startLocalParts(redisCluster) : await startContainerStack({ redisCluster });
  const endpoints: InfraEndpoints = { ...parts.endpoints, awsRegion };
  return { mode, endpoints, env: infraEnvironment(endpoints), pids: parts.pids, stop: () => parts.stop() };
}

interface StartedParts {
  endpoints: Omit<InfraEndpoints, 'awsRegion'>;
  pids: number[];
  stop(): Promise<void>;
}

async function startLocalParts(redisCluster: boolean): Promise<StartedParts> {
  const results = await Promise.allSettled([
    startLocalKafka(),
    startLocalRedis(),
    startLocalKinesis(),
    startLocalDynamo(),
    startLocalMoto(),
    ...(redisCluster ? [startLocalRedisCluster()] : []),
  ]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((part) => part.stop()));
  };
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) {
    await stopAll();
    const reasons = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
    throw new Error(`local infrastructure did not start:\n- ${reasons.join('\n- ')}`);
  }
  const [kafka, redis, kinesis, dynamo, moto, cluster] = started as [
    RunningInfra<{ kafkaBrokers: string }>,
    RunningInfra<{ redisUrl: string }>,
    RunningInfra<{ kinesisEndpoint: string; kinesisTlsEndpoint: string; kinesisTlsCertFile: string }>,
    RunningInfra<{ dynamodbEndpoint: string }>,
    RunningInfra<{ snsEndpoint: string; sqsEndpoint: string }>,
    RunningInfra<RedisClusterEndpoints> | undefined,
  ];
  return {
    endpoints: {
      ...kafka.endpoints,
      ...redis.endpoints,
      ...kinesis.endpoints,
      ...dynamo.endpoints,
      ...moto.endpoints,
      ...cluster?.endpoints,
    },
    pids: started.flatMap((part) => part.pids ?? []),
    stop: stopAll,
  };
}
