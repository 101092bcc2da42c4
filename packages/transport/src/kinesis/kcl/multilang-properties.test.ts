import { describe, expect, it } from 'vitest';

import { LOCAL_KCL_TIMINGS, multilangProperties, propertyValue } from './multilang-properties.js';

describe('multilangProperties', () => {
  it('writes every setting under the exact key the MultiLangDaemon reads', () => {
    const text = multilangProperties({
      executableName: '/tmp/fraud-kcl-abc/record-processor.sh',
      streamName: 'transactions',
      applicationName: 'feature-engine',
      workerIdentifier: 'host-42-1a2b3c4d',
      regionName: 'us-east-1',
      kinesisEndpoint: 'http://127.0.0.1:4567',
      dynamoDBEndpoint: 'http://127.0.0.1:8000',
      initialPositionInStream: 'TRIM_HORIZON',
      timings: LOCAL_KCL_TIMINGS,
      shutdownGraceMillis: 20_000,
    });

    expect(text).toBe(
      [
        'executableName = /tmp/fraud-kcl-abc/record-processor.sh',
        'streamName = transactions',
        'applicationName = feature-engine',
        'workerIdentifier = host-42-1a2b3c4d',
        'AWSCredentialsProvider = DefaultAWSCredentialsProviderChain',
        'regionName = us-east-1',
        'kinesisEndpoint = http://127.0.0.1:4567',
        'dynamoDBEndpoint = http://127.0.0.1:8000',
        'metricsLevel = NONE',
        'retrievalMode = POLLING',
        'initialPositionInStream = TRIM_HORIZON',
        'idleTimeBetweenReadsInMillis = 250',
        'maxRecords = 1000',
        'failoverTimeMillis = 5000',
        'shardSyncIntervalMillis = 500',
        'parentShardPollIntervalMillis = 1000',
        'shutdownGraceMillis = 20000',
        'cleanupLeasesUponShardCompletion = true',
        '',
      ].join('\n'),
    );
  });

  it('leaves the endpoint keys out in AWS, where the SDK finds the regional endpoints', () => {
    const text = multilangProperties({
      executableName: 'x',
      streamName: 's',
      applicationName: 'a',
      workerIdentifier: 'w',
      regionName: 'eu-west-1',
      initialPositionInStream: 'LATEST',
      timings: LOCAL_KCL_TIMINGS,
      shutdownGraceMillis: 1,
    });

    expect(text).not.toMatch(/Endpoint/);
    expect(text).toContain('initialPositionInStream = LATEST\n');
  });
});

describe('propertyValue', () => {
  it('escapes what java.util.Properties would otherwise read differently', () => {
    expect(propertyValue('C:\\data\\x')).toBe('C:\\\\data\\\\x');
    expect(propertyValue('a\nb\tc')).toBe('a\\nb\\tc');
    expect(propertyValue(' lead')).toBe('\\ lead');
    expect(propertyValue('café')).toBe('caf\\u00e9');
    expect(propertyValue('😀')).toBe('\\ud83d\\ude00');
    expect(propertyValue('https://127.0.0.1:1234/a=b')).toBe('https://127.0.0.1:1234/a=b');
  });
});
