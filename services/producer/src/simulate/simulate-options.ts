import { parseArgs } from 'node:util';

import type { SettingProblem } from '@fraud/config';
import {
  DEFAULT_SIMULATION_CONFIG,
  FRAUD_SCENARIOS,
  burstyRate,
  steadyRate,
  type FraudScenario,
  type RatePlan,
} from '@fraud/simulator';
import { z } from 'zod';

/** How simulated transactions are released. */
export type Pacing =
  | { readonly kind: 'rate'; readonly plan: RatePlan }
  /** As fast as the transport accepts them (benchmarks, back-fills). */
  | { readonly kind: 'unthrottled' }
  /** When each is due on a simulated clock running `speed` times real time. */
  | { readonly kind: 'clock'; readonly speed: number };

export interface SimulateOptions {
  readonly seed: number;
  readonly customers: number;
  readonly merchants: number;
  readonly startTime: string;
  readonly scenarios: readonly FraudScenario[];
  readonly fraudMultiplier: number;
  /** Simulated days to generate; unlimited when only count or duration bound the run. */
  readonly days: number | undefined;
  readonly count: number | undefined;
  readonly durationSeconds: number | undefined;
  readonly pacing: Pacing;
  /** Publish ground truth to `transaction-labels`. */
  readonly labels: boolean;
  /** Dataset export: write files to this directory instead of publishing. */
  readonly out: string | undefined;
}

/** Thrown for bad command-line options; names every one, like SettingsError does for settings. */
export class SimulateOptionsError extends Error {
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    super(`simulate: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`);
    this.name = 'SimulateOptionsError';
    this.problems = problems;
  }
}

export const SIMULATE_USAGE = `usage: main.js simulate [options]
  --seed N               simulation seed (default ${DEFAULT_SIMULATION_CONFIG.seed})
  --customers N          cards in the world (default ${DEFAULT_SIMULATION_CONFIG.customers})
  --merchants N          merchants in the world (default ${DEFAULT_SIMULATION_CONFIG.merchants})
  --start-time ISO       simulated day 0 (default ${DEFAULT_SIMULATION_CONFIG.startTime})
  --scenarios a,b        fraud scenarios to inject (default all: ${FRAUD_SCENARIOS.join(', ')})
  --fraud-multiplier X   scales how often incidents strike (default 1)
  --rate N|max           transactions per second, or as fast as the transport takes them (default 100)
  --bursty               release each second's transactions in its first 100 ms
  --speed X              instead of --rate: publish each when due on a clock X times real time
  --count N              stop after N transactions
  --duration S           stop after S seconds
  --days D               simulate D days (required with --out)
  --no-labels            do not publish transaction-labels
  --out DIR              write the dataset to DIR (JSON Lines and CSV) instead of publishing`;

const FLAGS = {
  seed: { type: 'string' },
  customers: { type: 'string' },
  merchants: { type: 'string' },
  'start-time': { type: 'string' },
  scenarios: { type: 'string' },
  'fraud-multiplier': { type: 'string' },
  rate: { type: 'string' },
  bursty: { type: 'boolean' },
  speed: { type: 'string' },
  count: { type: 'string' },
  duration: { type: 'string' },
  days: { type: 'string' },
  'no-labels': { type: 'boolean' },
  out: { type: 'string' },
} as const;

const positiveInt = z.coerce
  .number({ message: 'must be a positive integer' })
  .int('must be a positive integer')
  .positive('must be a positive integer');
const positiveNumber = z.coerce.number({ message: 'must be a number > 0' }).positive('must be a number > 0');

const flagsSchema = z.object({
  seed: z.coerce
    .number({ message: 'must be an integer 0-4294967295' })
    .int('must be an integer 0-4294967295')
    .min(0, 'must be an integer 0-4294967295')
    .max(0xffffffff, 'must be an integer 0-4294967295')
    .default(DEFAULT_SIMULATION_CONFIG.seed),
  customers: positiveInt.default(DEFAULT_SIMULATION_CONFIG.customers),
  merchants: positiveInt.default(DEFAULT_SIMULATION_CONFIG.merchants),
  'start-time': z.iso
    .datetime({ message: 'must be an ISO 8601 UTC instant such as 2026-01-01T00:00:00.000Z' })
    .default(DEFAULT_SIMULATION_CONFIG.startTime),
  scenarios: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0),
    )
    .pipe(z.array(z.enum(FRAUD_SCENARIOS, { message: `must list scenarios among ${FRAUD_SCENARIOS.join(', ')}` })))
    .default([...FRAUD_SCENARIOS]),
  'fraud-multiplier': z.coerce
    .number({ message: 'must be a number >= 0' })
    .min(0, 'must be a number >= 0')

    .default(1),
  rate: z.union([z.literal('max'), positiveNumber], { message: "must be a number > 0 or 'max'" }).optional(),
  bursty: z.boolean().default(false),
  speed: positiveNumber.optional(),
  count: positiveInt.optional(),
  duration: positiveNumber.optional(),
  days: positiveInt.optional(),
  'no-labels': z.boolean().default(false),
  out: z.string().min(1, 'must be a directory').optional(),
});

/** Parses the arguments after `simulate`, naming every unknown, invalid or conflicting option. */
export function parseSimulateOptions(args: readonly string[]): SimulateOptions {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const problems: SettingProblem[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(FLAGS, token.name)) {
      problems.push({ variable: token.rawName, problem: 'is not an option of simulate' });
    } else if (FLAGS[token.name as keyof typeof FLAGS].type === 'string' && token.value === undefined) {
      problems.push({ variable: token.rawName, problem: 'needs a value' });
    }
  }
  for (const positional of positionals)
    problems.push({ variable: positional, problem: 'is not an option of simulate' });

  const named = new Set(problems.map((p) => p.variable));
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = `--${String(issue.path[0])}`;
      if (!named.has(variable)) problems.push({ variable, problem: issue.message });
    }
  }
  if (!parsed.success || problems.length > 0) throw new SimulateOptionsError(problems);
  const flags = parsed.data;

  if (flags.rate !== undefined && flags.speed !== undefined) {
    problems.push({ variable: '--speed', problem: 'cannot be combined with --rate (choose one way to pace)' });
  }
  if (flags.bursty && (flags.speed !== undefined || flags.rate === 'max')) {
    problems.push({ variable: '--bursty', problem: 'needs a numeric --rate' });
  } else if (flags.bursty && typeof flags.rate === 'number' && flags.rate < 1) {
    problems.push({ variable: '--bursty', problem: 'needs --rate of at least 1' });
  }
  if (flags.out !== undefined) {
    if (flags.days === undefined) problems.push({ variable: '--days', problem: 'is required with --out' });
    for (const flag of ['rate', 'speed', 'count', 'duration'] as const) {
      if (flags[flag] !== undefined) problems.push({ variable: `--${flag}`, problem: 'does not apply with --out' });
    }
  }
  if (problems.length > 0) throw new SimulateOptionsError(problems);

  return {
    seed: flags.seed,
    customers: flags.customers,
    merchants: flags.merchants,
    startTime: flags['start-time'],
    scenarios: flags.scenarios,
    fraudMultiplier: flags['fraud-multiplier'],
    days: flags.days,
    count: flags.count,
    durationSeconds: flags.duration,
    pacing: pacingOf(flags.rate, flags.speed, flags.bursty),
    labels: !flags['no-labels'],
    out: flags.out,
  };
}

function pacingOf(rate: number | 'max' | undefined, speed: number | undefined, bursty: boolean): Pacing {
  if (speed !== undefined) return { kind: 'clock', speed };
  if (rate === 'max') return { kind: 'unthrottled' };
  const perSecond = rate ?? 100;
  return { kind: 'rate', plan: bursty ? burstyRate(perSecond, 1000, 100) : steadyRate(perSecond) };
}
