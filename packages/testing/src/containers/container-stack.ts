import { readFile } from 'node:fs/promises';

import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

import { makeDataDir, removeDataDir } from '../data-dir.js';
import type { InfraEndpoints } from '../infra-types.js';
import { makeSelfSignedCert } from '../local/self-signed-cert.js';
import { freePort } from '../ports.js';
import { IMAGES } from './images.js';
import { startRedisClusterContainer } from './redis-cluster-container.js';

export interface StartedContainerStack {
  endpoints: Omit<InfraEndpoints, 'awsRegion'>;
  pids: number[];
  stop(): Promise<void>;
}

export interface ContainerStackOptions {
  /** A Redis Cluster of 3 primaries as well (`redisClusterNodes`). */
  redisCluster?: boolean;
}

/**
 * The stack as containers, for machines with a Docker engine. Thin on
 * purpose: everything around it (endpoints, environment, global setup, CLI)
 * is shared with the local-process stack. Testcontainers' reaper removes the
 * containers if this process dies.
 */
export async function startContainerStack(options: ContainerStackOptions = {}): Promise<StartedContainerStack> {
  const certDir = await makeDataDir('kinesis-container');
  const results = await Promise.allSettled([
    startKafka(),
    startRedis(),
    startKinesis(certDir),
    startMoto(),
    ...(options.redisCluster === true ? [startRedisClusterContainer()] : []),
  ]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((part) => part.container.stop()));
    await removeDataDir(certDir);
  };
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  if (failures.length > 0) {
    await stop();
    throw new Error(`containers did not start:\n- ${failures.join('\n- ')}`);
  }
  return {
    endpoints: Object.assign({}, ...started.map((part) => part.endpoints)) as Omit<InfraEndpoints, 'awsRegion'>,
    pids: [],
    stop,
  };
}

interface Part {
  container: StartedTestContainer;
  endpoints: Partial<InfraEndpoints>;
}

function hostUrl(container: StartedTestContainer, port: number, scheme: string): string {
  return `${scheme}://${container.getHost()}:${container.getMappedPort(port)}`;
}

async function startKafka(): Promise<Part> {
  // Kafka hands clients the advertised address, so the host port must be known
  // before start: bind the same free port on both sides.
  const port = await freePort();
  const container = await new GenericContainer(IMAGES.kafka)
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { container, endpoints: { kafkaBrokers: `127.0.0.1:${port}` } };
}

async function startRedis(): Promise<Part> {
  const container = await new GenericContainer(IMAGES.redis)
    .withExposedPorts(6379)
    .withCommand(['valkey-server', '--save', '', '--appendonly', 'no'])
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  return { container, endpoints: { redisUrl: hostUrl(container, 6379, 'redis') } };
}

async function startKinesis(certDir: string): Promise<Part> {
  // A fresh certificate, as in the local stack, so clients can trust the TLS port.
  const { certFile, keyFile } = await makeSelfSignedCert(certDir);
  const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  const container = await new GenericContainer(IMAGES.kinesis)
    .withExposedPorts(4567, 4568)
    .withCopyContentToContainer([{ content: JSON.stringify({ server: { key, cert } }), target: '/tls/server.json' }])
    .withEnvironment({
      KINESIS_MOCK_CERT_PATH: '/tls/server.json',
      SHOULD_PERSIST_DATA: 'false',
      CREATE_STREAM_DURATION: '0ms',
      DELETE_STREAM_DURATION: '0ms',
      UPDATE_SHARD_COUNT_DURATION: '0ms',
    })
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  return {
    container,
    endpoints: {
      kinesisEndpoint: hostUrl(container, 4568, 'http'),
      kinesisTlsEndpoint: hostUrl(container, 4567, 'https'),
      kinesisTlsCertFile: certFile,
    },
  };
}

async function startMoto(): Promise<Part> {
  const container = await new GenericContainer(IMAGES.moto)
    .withExposedPorts(5000)
    .withWaitStrategy(Wait.forHttp('/moto-api/', 5000))
    .start();
  const url = hostUrl(container, 5000, 'http');
  return { container, endpoints: { snsEndpoint: url, sqsEndpoint: url, dynamodbEndpoint: url } };
}
