export { localAwsClientConfig } from './local/aws-client-config.js';
export { startLocalDynamo } from './local/dynamodb.js';
export { startLocalKafka } from './local/kafka.js';
export { startLocalKinesis } from './local/kinesis.js';
export { startLocalMoto } from './local/moto.js';
export { startLocalRedis, type LocalRedisOptions, type RedisEndpoints } from './local/redis.js';
export { parseClusterNodes, type ClusterNode } from './local/cluster-nodes.js';
export {
  startLocalRedisCluster,
  type LocalRedisClusterOptions,
  type RedisClusterEndpoints,
} from './local/redis-cluster.js';
export { dockerEngineAnswers } from './docker-engine.js';
export { fatalLine, type FatalLogLine } from './fatal-log-line.js';
export { formatEnvironment, infraEnvironment } from './infra-environment.js';
export { chooseInfraMode } from './infra-mode.js';
export { startInfraStack, type InfraStack, type StartInfraOptions } from './infra-stack.js';
export type { InfraEndpoints, InfraMode, RunningInfra } from './infra-types.js';
export { freePort } from './ports.js';
export { startHttpProxy, type CannedAnswer, type HttpProxy } from './http-proxy.js';
export { repoRoot } from './repo-root.js';
export {
  runServiceToExit,
  startServiceProcess,
  type ServiceExit,
  type ServiceProcess,
  type ServiceProcessOptions,
} from './service-process.js';
export { waitUntil, type WaitOptions } from './wait-until.js';
export { decodeRecords, type DecodedRecord, type EventDecoder } from './streams/decode-records.js';
export { readStream } from './streams/read-stream.js';
export { tailStreams } from './streams/tail-streams.js';
export type { StreamTail, TailedRecord } from './streams/tailed-record.js';
export type { StoredRecord } from './streams/stored-record.js';
export { serviceEnvironment, uniqueStreamPrefix } from './service-environment.js';
export { metricSample, metricSum } from './metric-sample.js';
export {
  createSubscribedQueue,
  type QueueMessage,
  type SnsSqsEndpoints,
  type SubscribedQueue,
} from './aws/subscribed-queue.js';
export { kclLeaseOwners } from './aws/kcl-lease-owners.js';
