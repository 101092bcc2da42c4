import { streamName, streamNames, type StreamName } from '@fraud/contracts';
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

import { AlertTopic } from './alerts/alert-topic.js';
import type { DeployOptions } from './app/deploy-options.js';
import { addDeploymentOutputs } from './deployment-outputs.js';
import { FraudNetwork } from './network/fraud-network.js';
import { FraudModelEndpoint } from './scoring/fraud-model-endpoint.js';
import { DataKey } from './security/data-key.js';
import { ServiceSecrets } from './security/service-secrets.js';
import { IngestApi } from './services/ingest-api.js';
import { PipelineService } from './services/pipeline-service.js';
import { pipelineService, SIMULATOR_PUBLISHES, type PipelineServiceName } from './services/pipeline-services.js';
import { ServiceImages } from './services/service-images.js';
import { SimulatorTask } from './services/simulator-task.js';
import { ValkeyCache, VALKEY_PORT } from './state/valkey-cache.js';
import { KinesisPlatform } from './streaming/kinesis-platform.js';
import { MskPlatform } from './streaming/msk-platform.js';
import type { StreamPlatform } from './streaming/stream-platform.js';

export interface FraudDetectionStackProps extends StackProps {
  options: DeployOptions;
}

/** Fargate sizes: a Kinesis consumer also runs the KCL's JVM next to Node. */
const PRODUCER_SIZE = { cpu: 512, memoryLimitMiB: 1024 };
const KAFKA_CONSUMER_SIZE = { cpu: 512, memoryLimitMiB: 1024 };
const KINESIS_CONSUMER_SIZE = { cpu: 1024, memoryLimitMiB: 2048 };
/** An on-demand stream starts with four shards: a fifth KCL worker would hold no lease. */
const KINESIS_MAX_CONSUMERS = 4;

/**
 * The whole system in one stack: streams (Kinesis or MSK), the Valkey
 * cache, the SageMaker endpoint, the alert topic, and the four pipeline
 * services on Fargate, each task role allowed exactly its own streams and
 * dependencies.
 */
export class FraudDetectionStack extends Stack {
  constructor(scope: Construct, id: string, props: FraudDetectionStackProps) {
    super(scope, id, props);
    const { options } = props;
    const names = streamNames(options.streamPrefix);
    const prefixed = (stream: StreamName): string => streamName(stream, options.streamPrefix);

    const dataKey = new DataKey(this, 'DataKey');
    const { vpc } = new FraudNetwork(this, 'Network', { key: dataKey.key });
    const streams: StreamPlatform =
      options.transport === 'kinesis'
        ? new KinesisPlatform(this, 'Streams', { dataKey, streams: names.all })
        : new MskPlatform(this, 'Streams', { kind: options.mskCluster, vpc, dataKey, partitions: options.partitions });
    const cache = new ValkeyCache(this, 'Cache', { vpc, dataKey });
    const secrets = new ServiceSecrets(this, 'Secrets', { dataKey });
    const images = new ServiceImages(this, 'Images');
    const model = new FraudModelEndpoint(this, 'Model', {
      hosting: options.model,
      instanceType: options.modelInstanceType,
      dataKey,
      images,
    });
    const alerts = new AlertTopic(this, 'Alerts', { dataKey, email: options.alertEmail });
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const shared = { ...streams.environment, STREAM_PREFIX: options.streamPrefix };
    const redisUrl = { REDIS_URL: ecs.Secret.fromSecretsManager(cache.urlSecret) };
    const producerSecrets = {
      PAN_HMAC_KEY: ecs.Secret.fromSecretsManager(secrets.panHmacKey),
      INGEST_API_KEYS: ecs.Secret.fromSecretsManager(secrets.ingestApiKeys),
    };
    const consumerSize = options.transport === 'kinesis' ? KINESIS_CONSUMER_SIZE : KAFKA_CONSUMER_SIZE;
    const maxConsumers = options.transport === 'kinesis' ? KINESIS_MAX_CONSUMERS : options.partitions;

    const pipeline = (
      name: PipelineServiceName,
      environment: Readonly<Record<string, string>>,
      secretSettings: Readonly<Record<string, ecs.Secret>>,
    ): PipelineService => {
      const spec = pipelineService(name);
      // Every group is prefixed, as the services do (StreamConsumers): stacks sharing a cluster never share one.
      const consumes = spec.consumes.map(({ stream, group }) => ({
        stream: prefixed(stream),
        deadLetter: names.deadLetter(stream),
        group: `${options.streamPrefix}${group}`,
      }));
      const [main] = consumes;
      const service = new PipelineService(this, name, {
        name,
        cluster,
        image: ecs.ContainerImage.fromDockerImageAsset(images.image(name)),
        ...(main === undefined ? PRODUCER_SIZE : consumerSize),
        environment,
        secrets: secretSettings,
        dataKey,
        maxCount: main === undefined ? 4 : maxConsumers,
        lagScaling: main === undefined ? undefined : streams.lagScaling(main.stream, main.group),
      });
      const taskRole = service.task.taskDefinition.taskRole;
      const publishes = spec.publishes.map(prefixed);
      for (const { stream, deadLetter, group } of consumes) {
        streams.grantConsume(taskRole, stream, group);
        publishes.push(deadLetter);
      }
      streams.grantPublish(taskRole, publishes);
      streams.allowClientsFrom(service);
      return service;
    };

    const producer = pipeline('producer', { ...shared, ...streams.streamCreationEnvironment }, producerSecrets);
    if (streams.streamCreationEnvironment !== undefined) {
      streams.grantCreateStreams(producer.task.taskDefinition.taskRole, names.all);
    }
    const featureEngine = pipeline('feature-engine', shared, redisUrl);
    const inference = pipeline('inference', { ...shared, SAGEMAKER_ENDPOINT_NAME: model.endpointName }, redisUrl);
    const alerting = pipeline('alerting', { ...shared, SNS_TOPIC_ARN: alerts.topic.topicArn }, redisUrl);
    for (const consumer of [featureEngine, inference, alerting]) {
      cache.securityGroup.connections.allowFrom(consumer, ec2.Port.tcp(VALKEY_PORT), 'Valkey over TLS');
      // CloudFormation waits for the producer to be healthy, and so for the streams it creates at start.
      if (streams.streamCreationEnvironment !== undefined) consumer.service.node.addDependency(producer.service);
    }
    model.grantInvoke(inference.task.taskDefinition.taskRole);
    alerts.grantPublish(alerting.task.taskDefinition.taskRole);

    const ingest = new IngestApi(this, 'Ingest', { vpc, producer: producer.service, dataKey });

    const simulator = new SimulatorTask(this, 'Simulator', {
      vpc,
      image: ecs.ContainerImage.fromDockerImageAsset(images.image('producer')),
      ...PRODUCER_SIZE,
      environment: shared,
      secrets: producerSecrets,
      dataKey,
    });
    streams.grantPublish(simulator.task.taskDefinition.taskRole, SIMULATOR_PUBLISHES.map(prefixed));
    streams.allowClientsFrom(simulator.securityGroup);

    addDeploymentOutputs(this, {
      ingestUrl: ingest.url,
      ingestApiKeys: secrets.ingestApiKeys,
      alertTopic: alerts.topic,
      modelEndpointName: model.endpointName,
      cluster,
      simulator,
      privateSubnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      logGroups: {
        producer: producer.task.logGroup,
        'feature-engine': featureEngine.task.logGroup,
        inference: inference.task.logGroup,
        alerting: alerting.task.logGroup,
        simulator: simulator.task.logGroup,
      },
    });
  }
}
