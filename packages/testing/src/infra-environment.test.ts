import { describe, expect, it } from 'vitest';

import { infraEnvironment } from './infra-environment.js';
import type { InfraEndpoints } from './infra-types.js';

const endpoints: InfraEndpoints = {
  kafkaBrokers: '127.0.0.1:9092',
  redisUrl: 'redis://127.0.0.1:6379',
  kinesisEndpoint: 'http://127.0.0.1:4568',
  kinesisTlsEndpoint: 'https://127.0.0.1:4567',
  kinesisTlsCertFile: '/tmp/cert.pem',
  dynamodbEndpoint: 'http://127.0.0.1:4569',
  snsEndpoint: 'http://127.0.0.1:5000',
  sqsEndpoint: 'http://127.0.0.1:5000',
  awsRegion: 'us-east-1',
};

describe('infraEnvironment', () => {
  it('gives services the endpoints, the region and the emulators’ dummy credentials', () => {
    expect(infraEnvironment(endpoints)).toEqual({
      KAFKA_BROKERS: '127.0.0.1:9092',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KINESIS_ENDPOINT: 'http://127.0.0.1:4568',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:4569',
      SNS_ENDPOINT: 'http://127.0.0.1:5000',
      SQS_ENDPOINT: 'http://127.0.0.1:5000',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  });

  it('adds the Redis Cluster beside the single Redis: one node to seed a client, and every primary', () => {
    const env = infraEnvironment({
      ...endpoints,
      redisClusterNodes: ['redis://127.0.0.1:21001', 'redis://127.0.0.1:21002', 'redis://127.0.0.1:21003'],
    });
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_URL: 'redis://127.0.0.1:21001',
      REDIS_CLUSTER_NODES: 'redis://127.0.0.1:21001,redis://127.0.0.1:21002,redis://127.0.0.1:21003',
    });
  });
});
