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
  /** Publish each fraud to `fraud-confirmations`, this many simulated hours after its transaction. */
  readonly confirmations: boolean;
  readonly confirmationDelayHours: number;
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

/** One simulated day: real case systems take days, and a run of a few simulated weeks still sees most frauds confirmed. */
export const DEFAULT_CONFIRMATION_DELAY_HOURS = 24;
/** A year: a longer delay is a typo, not a case system. */
const MAX_CONFIRMATION_DELAY_HOURS = 8_760;

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
  --confirmation-delay-hours H
                         confirm each fraud on fraud-confirmations H simulated hours after it (default ${DEFAULT_CONFIRMATION_DELAY_HOURS})
  --no-confirmations     do not publish fraud-confirmations
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
  'confirmation-delay-hours': { type: 'string' },
  'no-confirmations': { type: 'boolean' },
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
  'confirmation-delay-hours': z.coerce
    .number({ message: `must be a number > 0 and at most ${MAX_CONFIRMATION_DELAY_HOURS}` })
    .positive(`must be a number > 0 and at most ${MAX_CONFIRMATION_DELAY_HOURS}`)
    .max(MAX_CONFIRMATION_DELAY_HOURS, `must be a number > 0 and at most ${MAX_CONFIRMATION_DELAY_HOURS}`)
    .default(DEFAULT_CONFIRMATION_DELAY_HOURS),
  'no-confirmations': z.boolean().default(false),
  out: z.string().min(1, 'must be a directory').optional(),
});

/** Parses the arguments after `simulate`, naming every unknown, invalid or conflicting option. */
export function parseSimulateOptions(args: readonly string[]): SimulateOptions {
  const { values, tokens } = parseArgs({
    args: [...args],
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const problems: SettingProblem[] = [];
  const add = (variable: string, problem: string): void => {
    if (!problems.some((p) => p.variable === variable && p.problem === problem)) problems.push({ variable, problem });
  };
  for (const token of tokens) {
    if (token.kind === 'positional') add(token.value, 'is not an option of simulate');
    if (token.kind !== 'option') continue;
    const flag = Object.hasOwn(FLAGS, token.name) ? FLAGS[token.name as keyof typeof FLAGS] : undefined;
    if (flag === undefined) add(token.rawName, 'is not an option of simulate');
    else if (flag.type === 'boolean' && token.inlineValue === true) add(`--${token.name}`, 'takes no value');
    else if (flag.type === 'string' && !hasValue(token.value)) add(`--${token.name}`, 'needs a value');
  }

  // Conflicts are about which options were given, so they are named even when a value is also wrong.
  const malformed = new Set(problems.map((p) => p.variable));
  const given = (name: keyof typeof FLAGS): boolean => values[name] !== undefined && !malformed.has(`--${name}`);
  if (given('rate') && given('speed')) add('--speed', 'cannot be combined with --rate (choose one way to pace)');
  if (given('bursty') && (given('speed') || values.rate === 'max')) add('--bursty', 'needs a numeric --rate');
  if (given('out')) {
    if (!given('days')) add('--days', 'is required with --out');
    const publishingOnly = [
      'rate',
      'speed',
      'bursty',
      'count',
      'duration',
      'confirmation-delay-hours',
      'no-confirmations',
    ] as const;
    for (const name of publishingOnly) {
      if (given(name)) add(`--${name}`, 'does not apply with --out');
    }
  }

  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = `--${String(issue.path[0])}`;
      if (!malformed.has(variable)) add(variable, issue.message);
    }
  } else if (parsed.data.bursty && typeof parsed.data.rate === 'number' && parsed.data.rate < 1) {
    add('--bursty', 'needs --rate of at least 1');
  }
  if (!parsed.success || problems.length > 0) throw new SimulateOptionsError(problems);
  const flags = parsed.data;

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
    confirmations: !flags['no-confirmations'],
    confirmationDelayHours: flags['confirmation-delay-hours'],
    out: flags.out,
  };
}

/** A value was given: not missing, not empty, and not the next option swallowed as one (`--speed --count 5`). */
function hasValue(value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  return !value.startsWith('-') || /^-\d/.test(value);
}

function pacingOf(rate: number | 'max' | undefined, speed: number | undefined, bursty: boolean): Pacing {
  if (speed !== undefined) return { kind: 'clock', speed };
  if (rate === 'max') return { kind: 'unthrottled' };
  const perSecond = rate ?? 100;
  return { kind: 'rate', plan: bursty ? burstyRate(perSecond, 1000, 100) : steadyRate(perSecond) };
}
