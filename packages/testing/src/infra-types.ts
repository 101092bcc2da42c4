/** The endpoints of a running local stack, as services and tests use them. */
export interface InfraEndpoints {
  /** `host:port` list for kafkajs / KAFKA_BROKERS. */
  kafkaBrokers: string;
  /** `redis://127.0.0.1:port`. */
  redisUrl: string;
  /** Kinesis over plain HTTP/1.1, for `@aws-sdk/client-kinesis` with NodeHttpHandler. */
  kinesisEndpoint: string;
  /** Kinesis over TLS (HTTP/2), for the KCL MultiLangDaemon. */
  kinesisTlsEndpoint: string;
  /** PEM certificate the TLS endpoint presents (self-signed), for trust stores. */
  kinesisTlsCertFile: string;
  dynamodbEndpoint: string;
  snsEndpoint: string;
  sqsEndpoint: string;
  awsRegion: string;
  /**
   * One `redis://host:port` per primary of a Redis Cluster (3 primaries),
   * present only when the stack was asked for one (`redisCluster`,
   * `INFRA_REDIS_CLUSTER=1`): it runs beside the single Redis of `redisUrl`.
   */
  redisClusterNodes?: string[];
}

/** One infrastructure dependency that is running and can be stopped. */
export interface RunningInfra<E> {
  readonly name: string;
  readonly endpoints: E;
  /** Process ids (also process-group ids) of local processes, for leak checks. */
  readonly pids?: readonly number[];
  stop(): Promise<void>;
}

export type InfraMode = 'local' | 'containers';
