import { randomBytes } from 'node:crypto';

import { streamNames, type StreamNames } from '@fraud/contracts';
import {
  freePort,
  startServiceProcess,
  type InfraEndpoints,
  type ServiceExit,
  type ServiceProcess,
} from '@fraud/testing';

import { subscribeAlertQueue, type AlertSubscription } from './alert-subscription.js';
import { createPipelineStreams } from './pipeline-transport.js';
import { pipelineSettings, type PipelineService, type PipelineSettings, type Transport } from './pipeline-settings.js';
import { serviceEntry } from './service-entries.js';

/** What the pipeline runs on: a started stack (`startInfraStack`, or the tests' `inject('infra')`/`inject('infraEnv')`). */
export interface PipelineStack {
  env: Readonly<Record<string, string>>;
  endpoints: InfraEndpoints;
}

export interface PipelineOptions {
  transport: Transport;
  streamPrefix: string;
  /** Partitions (Kafka) or shards (Kinesis) of every stream. */
  partitions: number;
  /** SNS as the alerting service reaches it, when not the stack's (a proxy a test stops). */
  snsEndpoint?: string | undefined;
  logLevel?: string | undefined;
  /** Every service on the stack's Redis Cluster (the stack started with `redisCluster`). */
  redisCluster?: boolean | undefined;
}

export interface Pipeline {
  readonly transport: Transport;
  readonly names: StreamNames;
  readonly settings: PipelineSettings;
  /** SNS topic the alerting service publishes to, with the subscribed SQS queue. */
  readonly alerts: AlertSubscription;
  readonly services: Readonly<Record<PipelineService, ServiceProcess>>;
  /** Stops every service (SIGTERM; each drains and commits) and removes the topic and queue. */
  stop(): Promise<Record<PipelineService, ServiceExit>>;
}

// A Kinesis consumer's start includes the JVM of its KCL daemon and, in a
// new application, a random wait of up to 30 s before it takes leases.
const READY_TIMEOUT_MS = { kafka: 60_000, kinesis: 180_000 };

/**
 * The worked example on a running stack: the streams, the SNS topic with an
 * SQS queue subscribed, then the model endpoint, feature engine, inference
 * and alerting, each as its own process with its settings from
 * `pipelineSettings`. If any fails to start, the ones started are stopped.
 */
export async function startPipeline(stack: PipelineStack, options: PipelineOptions): Promise<Pipeline> {
  const names = streamNames(options.streamPrefix);
  // Topic and queue names take fewer characters than stream names (no dots).
  const topicName = `${options.streamPrefix.replace(/[^A-Za-z0-9_-]/g, '-')}alerts-${randomBytes(3).toString('hex')}`;
  const alerts = await subscribeAlertQueue(stack.endpoints, topicName);
  const settings = pipelineSettings({
    stackEnv: stack.env,
    transport: options.transport,
    streamPrefix: options.streamPrefix,
    snsTopicArn: alerts.topicArn,
    modelEndpointPort: await freePort(),
    snsEndpoint: options.snsEndpoint,
    logLevel: options.logLevel,
    redisCluster: options.redisCluster,
  });
  const started = new Map<PipelineService, ServiceProcess>();
  const stopStarted = async (): Promise<Map<PipelineService, ServiceExit>> => {
    const exits = await Promise.all([...started].map(async ([name, service]) => [name, await service.stop()] as const));
    return new Map(exits);
  };
  const start = async (service: PipelineService): Promise<void> => {
    started.set(
      service,
      await startServiceProcess({
        entry: serviceEntry(service),
        env: settings[service],
        readyTimeoutMs: READY_TIMEOUT_MS[options.transport],
      }),
    );
  };
  try {
    await createPipelineStreams(settings.featureEngine, names.all, options.partitions);
    // Inference calls the endpoint from its first record: the endpoint is up before it.
    await start('modelEndpoint');
    const results = await Promise.allSettled([start('featureEngine'), start('inference'), start('alerting')]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  } catch (error) {
    await stopStarted();
    await alerts.close();
    throw error;
  }
  const services = Object.fromEntries(started) as Record<PipelineService, ServiceProcess>;
  return {
    transport: options.transport,
    names,
    settings,
    alerts,
    services,
    stop: async () => {
      const exits = await stopStarted();
      await alerts.close();
      return Object.fromEntries(exits) as Record<PipelineService, ServiceExit>;
    },
  };
}
