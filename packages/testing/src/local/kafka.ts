import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

// From the transport only its fix of kafkajs' idle request-queue timer, for this package's own clients.
import { patchKafkaRequestQueueIdleTimer } from '@fraud/transport/kafkajs-patch';
import { Kafka, logLevel } from 'kafkajs';

import { makeDataDir, removeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import type { RunningInfra } from '../infra-types.js';
import { repoRoot } from '../repo-root.js';
import { runLocalServer } from './local-server.js';

export interface KafkaEndpoints {
  kafkaBrokers: string;
}

export interface LocalKafkaOptions {
  /** Partitions of auto-created topics (`num.partitions`); 3 by default. */
  partitions?: number;
}

// Fast start for a short-lived test broker: one serial GC (the machine has
// two cores) and the C1 compiler only, which starts sooner than C2 and is
// ample for test and demo traffic.
const jvmFlags = [
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  // Plain IPv4 sockets: the listeners are 127.0.0.1 only, and show up as such.
  '-Djava.net.preferIPv4Stack=true',
];

/**
 * Starts Apache Kafka 4 as one KRaft process (broker and controller) on free
 * loopback ports, from the Maven Central jars that `npm run setup`
 * resolves (scripts/setup/maven-jars.sh).
 */
export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<RunningInfra<KafkaEndpoints>> {
  const jars = kafkaJarsDir();
  const dir = await makeDataDir('kafka');
  const brokerPort = await freePort();
  const controllerPort = await freePort();
  const classpath = `${jars}/*`;
  const log4jConfig = join(dir, 'log4j2.properties');
  const serverProperties = join(dir, 'server.properties');
  await writeFile(log4jConfig, log4jProperties());
  await writeFile(
    serverProperties,
    brokerProperties({
      brokerPort,
      controllerPort,
      logDir: join(dir, 'data'),
      partitions: options.partitions ?? 3,
    }),
  );
  const log4j = `-Dlog4j2.configurationFile=${log4jConfig}`;

  try {
    await promisify(execFile)(
      'java',
      [
        '-Xmx128m',
        ...jvmFlags,
        log4j,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '--cluster-id',
        randomClusterId(),
        '--config',
        serverProperties,
      ],
      { cwd: dir, timeout: 60_000 },
    );
  } catch (error) {
    await removeDataDir(dir);
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    const output = [stderr, stdout].find((text) => text !== undefined && text.trim() !== '') ?? message;
    throw new Error(`kafka storage format failed: ${output}`, { cause: error });
  }

  const kafkaBrokers = `127.0.0.1:${brokerPort}`;
  return runLocalServer({
    name: 'kafka',
    dir,
    command: 'java',
    args: ['-Xms256m', '-Xmx512m', ...jvmFlags, log4j, '-cp', classpath, 'kafka.Kafka', serverProperties],
    graceMs: 10_000,
    endpoints: { kafkaBrokers },
    isReady: () => clusterHasOneBroker(kafkaBrokers),
    // About 3.5 s here; a cold JVM on a loaded CI machine takes far longer.
    readyTimeoutMs: 90_000,
    readyIntervalMs: 250,
  });
}

function kafkaJarsDir(): string {
  const jars = join(repoRoot(import.meta.url), 'packages', 'testing', 'kafka', 'jars');
  if (!existsSync(jars) || !readdirSync(jars).some((name) => name.startsWith('kafka_2.13-'))) {
    throw new Error(`Kafka jars not found in ${jars}: run \`npm run setup\` to resolve them with Maven`);
  }
  return jars;
}

interface BrokerSettings {
  brokerPort: number;
  controllerPort: number;
  logDir: string;
  partitions: number;
}

function brokerProperties(settings: BrokerSettings): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    // A static single-voter quorum: the node elects itself at once, and the
    // storage needs no --standalone bootstrap of a dynamic quorum.
    'controller.quorum.voters': `1@127.0.0.1:${settings.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${settings.brokerPort},CONTROLLER://127.0.0.1:${settings.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${settings.brokerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': settings.logDir,
    'num.partitions': settings.partitions,
    'auto.create.topics.enable': true,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // One partition each instead of 50: the first group join or transaction
    // otherwise waits for fifty partitions to be created and loaded.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    // The cleaner allocates this buffer on the heap at start (128 MiB by default).
    'log.cleaner.dedupe.buffer.size': 8 * 1024 * 1024,
    'num.network.threads': 2,
    'num.io.threads': 2,
    // The broker is unfenced (serves clients) only after heartbeats to the
    // controller; at the 2 s default that is about half the start-up time.
    'broker.heartbeat.interval.ms': 500,
  };
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}

/** WARN and above to stdout, which the supervisor appends to kafka.log. */
function log4jProperties(): string {
  return [
    'status = warn',
    // Kafka logs while it shuts down; log4j's own hook would stop logging first.
    'shutdownHook = disable',
    'appender.stdout.type = Console',
    'appender.stdout.name = stdout',
    'appender.stdout.layout.type = PatternLayout',
    'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = warn',
    'rootLogger.appenderRef.stdout.ref = stdout',
    '',
  ].join('\n');
}

/**
 * A Kafka Uuid: 16 random bytes, base64url without padding. One starting with
 * "-" would be read as an option by StorageTool's argument parser (Kafka's
 * own Uuid.randomUuid avoids those for the same reason).
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function clusterHasOneBroker(brokers: string): Promise<boolean> {
  patchKafkaRequestQueueIdleTimer();
  const admin = new Kafka({
    clientId: 'local-kafka-readiness',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length === 1;
  } finally {
    await admin.disconnect();
  }
}
