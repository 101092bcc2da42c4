import { randomBytes } from 'node:crypto';

/** The services of the worked example, each its own process. */
export const PIPELINE_SERVICES = ['modelEndpoint', 'featureEngine', 'inference', 'alerting'] as const;
export type PipelineService = (typeof PIPELINE_SERVICES)[number];

export type Transport = 'kafka' | 'kinesis';

/** The model endpoint's SageMaker endpoint name, which inference invokes. */
const ENDPOINT_NAME = 'fraud-model';

/**
 * The simulator runs event time about a thousand times faster than the wall
 * clock (a day of a 5,000-card world in a minute or two), so one publish of
 * the producer spans minutes of event time. On Kinesis the records of one
 * publish land in several PutRecords requests (a card's second record waits
 * for its first's request), which puts a shard's records out of event-time
 * order by up to that span; with the default 300 s, card-testing bursts would
 * arrive "late" and leave the windows unchanged. An hour of event time is a
 * few seconds of the demo's wall time.
 */
const SIMULATION_ALLOWED_LATENESS_SECONDS = '3600';

export interface PipelineSettingsInput {
  /** The stack's environment (`InfraStack.env`: endpoints and the emulators' credentials). */
  stackEnv: Readonly<Record<string, string>>;
  transport: Transport;
  streamPrefix: string;
  snsTopicArn: string;
  /** The model endpoint's port, chosen before it starts so inference can be pointed at it. */
  modelEndpointPort: number;
  /** SNS as the alerting service reaches it; the stack's endpoint unless a test puts something in between. */
  snsEndpoint?: string | undefined;
  logLevel?: string | undefined;
  /**
   * Every service on the stack's Redis Cluster (`REDIS_CLUSTER_URL` of a
   * stack started with `redisCluster`) instead of its single Redis.
   */
  redisCluster?: boolean | undefined;
}

/** Each process's environment. */
export type PipelineSettings = Readonly<Record<PipelineService | 'producer', Readonly<Record<string, string>>>>;

/**
 * Every service's settings, from one place: the shared ones (transport,
 * prefix, the stack's endpoints) and each service's own. The streams exist
 * before any service starts (`createPipelineStreams`), so none creates them.
 */
export function pipelineSettings(input: PipelineSettingsInput): PipelineSettings {
  const shared = {
    PATH: process.env.PATH ?? '',
    ...input.stackEnv,
    ...(input.redisCluster === true ? redisClusterSettings(input.stackEnv) : {}),
    TRANSPORT: input.transport,
    STREAM_PREFIX: input.streamPrefix,
    CREATE_STREAMS: 'false',
    LOG_LEVEL: input.logLevel ?? 'warn',
  };
  const modelEndpointUrl = `http://127.0.0.1:${input.modelEndpointPort}`;
  return {
    modelEndpoint: {
      PATH: shared.PATH,
      LOG_LEVEL: shared.LOG_LEVEL,
      HTTP_PORT: String(input.modelEndpointPort),
      SAGEMAKER_ENDPOINT_NAME: ENDPOINT_NAME,
    },
    featureEngine: { ...shared, ALLOWED_LATENESS_SECONDS: SIMULATION_ALLOWED_LATENESS_SECONDS },
    inference: { ...shared, SAGEMAKER_RUNTIME_ENDPOINT: modelEndpointUrl, SAGEMAKER_ENDPOINT_NAME: ENDPOINT_NAME },
    alerting: {
      ...shared,
      SNS_TOPIC_ARN: input.snsTopicArn,
      SNS_ENDPOINT: input.snsEndpoint ?? input.stackEnv.SNS_ENDPOINT ?? '',
    },
    producer: {
      ...shared,
      // A fresh key per run: card tokens mean nothing outside it, and no key is written down anywhere.
      PAN_HMAC_KEY: randomBytes(32).toString('hex'),
      INGEST_API_KEYS: randomBytes(16).toString('hex'),
    },
  };
}

/** A service's Redis settings for the stack's cluster: one node to find the rest from, as ElastiCache's configuration endpoint. */
function redisClusterSettings(stackEnv: Readonly<Record<string, string>>): Record<string, string> {
  const node = stackEnv.REDIS_CLUSTER_URL;
  if (node === undefined || node === '') {
    throw new Error('the stack has no Redis Cluster (REDIS_CLUSTER_URL): start it with redisCluster');
  }
  return { REDIS_URL: node, REDIS_CLUSTER: 'true' };
}
