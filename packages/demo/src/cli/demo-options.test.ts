import { describe, expect, it } from 'vitest';

import { DemoUsageError, parseDemoOptions } from './demo-options.js';

describe('the demo’s command line', () => {
  it('runs on Kafka at 200 tx/s for 60 s by default', () => {
    expect(parseDemoOptions([])).toEqual({
      transport: 'kafka',
      rate: 200,
      durationSeconds: 60,
      seed: 1,
      customers: 5_000,
      fraudMultiplier: 10,
      redisCluster: false,
    });
  });

  it('runs on Kinesis at 100 tx/s by default, what kinesis-local keeps up with', () => {
    expect(parseDemoOptions(['--transport', 'kinesis'])).toMatchObject({ transport: 'kinesis', rate: 100 });
  });

  it('takes every option', () => {
    expect(
      parseDemoOptions([
        '--transport=kinesis',
        '--rate',
        '50',
        '--duration',
        '30',
        '--seed',
        '7',
        '--customers',
        '800',
        '--fraud-multiplier',
        '2.5',
        '--redis-cluster',
      ]),
    ).toEqual({
      transport: 'kinesis',
      rate: 50,
      durationSeconds: 30,
      seed: 7,
      customers: 800,
      fraudMultiplier: 2.5,
      redisCluster: true,
    });
  });

  it('names every bad option at once', () => {
    expect(() => parseDemoOptions(['--transport', 'sqs', '--rate', '0', '--duration', '1.5', '--seed', 'x'])).toThrow(
      new DemoUsageError(
        '--transport must be kafka or kinesis, not "sqs"; --rate must be a number above 0, not "0"; ' +
          '--duration must be a whole number, not "1.5"; --seed must be a number above 0, not "x"',
      ),
    );
  });

  it('refuses an unknown option', () => {
    expect(() => parseDemoOptions(['--speed', '10'])).toThrow(DemoUsageError);
  });

  it('takes --redis-cluster as a flag, without a value', () => {
    expect(parseDemoOptions(['--redis-cluster'])).toMatchObject({ transport: 'kafka', redisCluster: true });
    expect(() => parseDemoOptions(['--redis-cluster=yes'])).toThrow(DemoUsageError);
  });
});
