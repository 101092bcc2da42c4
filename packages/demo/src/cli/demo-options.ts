import { parseArgs } from 'node:util';

import type { Transport } from '../pipeline/pipeline-settings.js';

export interface DemoOptions {
  transport: Transport;
  rate: number;
  durationSeconds: number;
  seed: number;
  customers: number;
  fraudMultiplier: number;
  /** Every service on a Redis Cluster of 3 primaries that the demo starts beside the stack. */
  redisCluster: boolean;
}

export const DEMO_USAGE = `usage: npm run demo -- [options]

  --transport kafka|kinesis   the stream transport (default kafka)
  --rate N                    transactions per second (default 200 on Kafka, 100 on Kinesis)
  --duration S                seconds of simulated traffic (default 60)
  --seed N                    the simulator's seed: the same seed, the same transactions (default 1)
  --customers N               cards in the simulated world (default 5000)
  --fraud-multiplier X        how much more often fraud strikes than in life (default 10)
  --redis-cluster             every service on a local Redis Cluster of 3 primaries instead of one Redis
`;

/** Thrown for a command line the demo cannot run with; the message names each problem. */
export class DemoUsageError extends Error {
  override readonly name = 'DemoUsageError';
}

/**
 * Default rates: kinesis-local serves every call on one thread and slows as
 * its shards fill (docs/stream-transport.md); with four streams written per
 * transaction and three consumers polling, about 100 tx/s is what it keeps up with.
 */
const DEFAULT_RATE: Record<Transport, number> = { kafka: 200, kinesis: 100 };

function positiveNumber(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    problems.push(`--${name} must be a number above 0, not "${value}"`);
    return fallback;
  }
  return number;
}

function wholeNumber(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  const number = positiveNumber(name, value, fallback, problems);
  if (!Number.isInteger(number)) {
    problems.push(`--${name} must be a whole number, not "${value ?? ''}"`);
    return fallback;
  }
  return number;
}

function commandLineValues(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    options: {
      transport: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      'fraud-multiplier': { type: 'string' },
      'redis-cluster': { type: 'boolean' },
    },
  }).values;
}

/** The demo's options from its command line; a DemoUsageError names every problem at once. */
export function parseDemoOptions(args: readonly string[]): DemoOptions {
  let values: ReturnType<typeof commandLineValues>;
  try {
    values = commandLineValues(args);
  } catch (error) {
    throw new DemoUsageError(error instanceof Error ? error.message : String(error));
  }
  const problems: string[] = [];
  const transport = values.transport ?? 'kafka';
  if (transport !== 'kafka' && transport !== 'kinesis') {
    problems.push(`--transport must be kafka or kinesis, not "${transport}"`);
  }
  const chosen: Transport = transport === 'kinesis' ? 'kinesis' : 'kafka';
  const options: DemoOptions = {
    transport: chosen,
    rate: wholeNumber('rate', values.rate, DEFAULT_RATE[chosen], problems),
    durationSeconds: wholeNumber('duration', values.duration, 60, problems),
    seed: wholeNumber('seed', values.seed, 1, problems),
    customers: wholeNumber('customers', values.customers, 5_000, problems),
    fraudMultiplier: positiveNumber('fraud-multiplier', values['fraud-multiplier'], 10, problems),
    redisCluster: values['redis-cluster'] === true,
  };
  if (problems.length > 0) throw new DemoUsageError(problems.join('; '));
  return options;
}
