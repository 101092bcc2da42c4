import { describe, expect, it } from 'vitest';

import { pipelineSettings } from './pipeline-settings.js';
import { simulateArguments } from './simulation-run.js';

const stackEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SNS_ENDPOINT: 'http://127.0.0.1:5000',
  AWS_REGION: 'us-east-1',
};

describe('the pipeline’s settings', () => {
  const settings = pipelineSettings({
    stackEnv,
    transport: 'kinesis',
    streamPrefix: 'demo-1-',
    snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
    modelEndpointPort: 8123,
    logLevel: 'info',
  });
  const shared = {
    PATH: process.env.PATH ?? '',
    ...stackEnv,
    TRANSPORT: 'kinesis',
    STREAM_PREFIX: 'demo-1-',
    CREATE_STREAMS: 'false',
    LOG_LEVEL: 'info',
  };

  it('give every streaming service the stack, the transport and the prefix; none creates streams', () => {
    expect(settings.featureEngine).toEqual({ ...shared, ALLOWED_LATENESS_SECONDS: '3600' });
    expect(settings.inference).toEqual({
      ...shared,
      SAGEMAKER_RUNTIME_ENDPOINT: 'http://127.0.0.1:8123',
      SAGEMAKER_ENDPOINT_NAME: 'fraud-model',
    });
    expect(settings.alerting).toEqual({
      ...shared,
      SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts',
      SNS_ENDPOINT: 'http://127.0.0.1:5000',
    });
  });

  it('serve the model endpoint on the port inference calls, under the name it invokes', () => {
    expect(settings.modelEndpoint).toEqual({
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      HTTP_PORT: '8123',
      SAGEMAKER_ENDPOINT_NAME: 'fraud-model',
    });
  });

  it('give the producer a fresh tokenisation key and ingest key of its own each run', () => {
    const again = pipelineSettings({
      stackEnv,
      transport: 'kinesis',
      streamPrefix: 'demo-1-',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      modelEndpointPort: 8123,
    });
    expect(settings.producer.PAN_HMAC_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(settings.producer.INGEST_API_KEYS).toMatch(/^[0-9a-f]{32}$/);
    expect(again.producer.PAN_HMAC_KEY).not.toBe(settings.producer.PAN_HMAC_KEY);
  });

  it('with redisCluster, put every service that keeps state in Redis on the stack’s cluster', () => {
    const clusterNode = 'redis://127.0.0.1:21001';
    const onCluster = pipelineSettings({
      stackEnv: { ...stackEnv, REDIS_CLUSTER_URL: clusterNode, REDIS_CLUSTER_NODES: `${clusterNode},…` },
      transport: 'kafka',
      streamPrefix: '',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      modelEndpointPort: 8123,
      redisCluster: true,
    });
    for (const service of ['featureEngine', 'inference', 'alerting', 'producer'] as const) {
      expect(onCluster[service], service).toMatchObject({ REDIS_URL: clusterNode, REDIS_CLUSTER: 'true' });
    }
    expect(onCluster.modelEndpoint).not.toHaveProperty('REDIS_URL');
    // Without it, the single Redis, as before.
    expect(settings.featureEngine.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(settings.featureEngine).not.toHaveProperty('REDIS_CLUSTER');
  });

  it('refuse the cluster on a stack started without one', () => {
    expect(() =>
      pipelineSettings({
        stackEnv,
        transport: 'kafka',
        streamPrefix: '',
        snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        modelEndpointPort: 8123,
        redisCluster: true,
      }),
    ).toThrow('the stack has no Redis Cluster (REDIS_CLUSTER_URL): start it with redisCluster');
  });

  it('point the alerting service at another SNS endpoint when given one', () => {
    const proxied = pipelineSettings({
      stackEnv,
      transport: 'kafka',
      streamPrefix: '',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      modelEndpointPort: 8123,
      snsEndpoint: 'http://127.0.0.1:6000',
    });
    expect(proxied.alerting.SNS_ENDPOINT).toBe('http://127.0.0.1:6000');
    expect(proxied.alerting.LOG_LEVEL).toBe('warn');
  });
});

describe('the simulator’s command line', () => {
  it('passes the rate, the end (duration or count), the world and the fraud mix', () => {
    expect(
      simulateArguments({
        rate: 40,
        count: 800,
        seed: 3,
        customers: 2_000,
        fraudMultiplier: 20,
        scenarios: ['card_testing'],
      }),
    ).toEqual([
      'simulate',
      '--rate',
      '40',
      '--count',
      '800',
      '--seed',
      '3',
      '--customers',
      '2000',
      '--fraud-multiplier',
      '20',
      '--scenarios',
      'card_testing',
    ]);
    expect(
      simulateArguments({ rate: 200, durationSeconds: 60, seed: 1, customers: 5_000, fraudMultiplier: 10 }),
    ).toEqual([
      'simulate',
      '--rate',
      '200',
      '--duration',
      '60',
      '--seed',
      '1',
      '--customers',
      '5000',
      '--fraud-multiplier',
      '10',
    ]);
  });

  it('refuses a simulation that would never end', () => {
    expect(() => simulateArguments({ rate: 1, seed: 1, customers: 1, fraudMultiplier: 1 })).toThrow(
      'a simulation needs a duration or a count to end',
    );
  });
});
