import type { SettingProblem } from '@fraud/config';
import { FRAUD_SCENARIOS } from '@fraud/simulator';
import { describe, expect, it } from 'vitest';

import { parseSimulateOptions, SimulateOptionsError, type SimulateOptions } from './simulate-options.js';

const DEFAULTS: SimulateOptions = {
  seed: 1,
  customers: 500,
  merchants: 200,
  startTime: '2026-01-01T00:00:00.000Z',
  scenarios: [...FRAUD_SCENARIOS],
  fraudMultiplier: 1,
  days: undefined,
  count: undefined,
  durationSeconds: undefined,
  pacing: { kind: 'rate', plan: { kind: 'steady', perSecond: 100 } },
  labels: true,
  confirmations: true,
  confirmationDelayHours: 24,
  out: undefined,
};

const SCENARIO_LIST =
  'must list scenarios among amount_outlier, compromised_merchant, account_takeover, card_testing, impossible_travel';

function problemsOf(args: readonly string[]): readonly SettingProblem[] {
  try {
    parseSimulateOptions(args);
  } catch (error) {
    if (error instanceof SimulateOptionsError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(args)} to be refused`);
}

describe('simulate options: values', () => {
  it('applies the defaults: the simulator world, every scenario, 100/s steady, labels on, confirmations a day late', () => {
    expect(parseSimulateOptions([])).toEqual(DEFAULTS);
  });

  it('parses every flag', () => {
    const options = parseSimulateOptions([
      '--seed',
      '42',
      '--customers',
      '10',
      '--merchants',
      '3',
      '--start-time',
      '2026-03-01T00:00:00.000Z',
      '--scenarios',
      'card_testing, impossible_travel',
      '--fraud-multiplier',
      '2.5',
      '--rate',
      '250.5',
      '--count',
      '7',
      '--duration',
      '30',
      '--days',
      '2',
      '--no-labels',
      '--confirmation-delay-hours',
      '0.5',
      '--no-confirmations',
    ]);
    expect(options).toEqual({
      seed: 42,
      customers: 10,
      merchants: 3,
      startTime: '2026-03-01T00:00:00.000Z',
      scenarios: ['card_testing', 'impossible_travel'],
      fraudMultiplier: 2.5,
      days: 2,
      count: 7,
      durationSeconds: 30,
      pacing: { kind: 'rate', plan: { kind: 'steady', perSecond: 250.5 } },
      labels: false,
      confirmations: false,
      confirmationDelayHours: 0.5,
      out: undefined,
    });
  });

  it('reads --flag=value like --flag value', () => {
    expect(parseSimulateOptions(['--seed=7', '--count=3'])).toEqual({ ...DEFAULTS, seed: 7, count: 3 });
  });

  it('accepts the seed range ends 0 and 4294967295', () => {
    expect(parseSimulateOptions(['--seed', '0']).seed).toBe(0);
    expect(parseSimulateOptions(['--seed', '4294967295']).seed).toBe(4294967295);
  });

  it('turns --rate max into unthrottled pacing', () => {
    expect(parseSimulateOptions(['--rate', 'max']).pacing).toEqual({ kind: 'unthrottled' });
  });

  it('turns --speed into a simulated clock at that speed', () => {
    expect(parseSimulateOptions(['--speed', '60']).pacing).toEqual({ kind: 'clock', speed: 60 });
  });

  it('makes --bursty release each second of the rate in its first 100 ms', () => {
    expect(parseSimulateOptions(['--bursty']).pacing).toEqual({
      kind: 'rate',
      plan: { kind: 'bursty', perSecond: 100, periodMs: 1000, burstMs: 100 },
    });
    expect(parseSimulateOptions(['--bursty', '--rate', '20']).pacing).toEqual({
      kind: 'rate',
      plan: { kind: 'bursty', perSecond: 20, periodMs: 1000, burstMs: 100 },
    });
  });

  it('accepts a dataset export with --days and --out', () => {
    expect(parseSimulateOptions(['--days', '30', '--out', 'data/train'])).toEqual({
      ...DEFAULTS,
      days: 30,
      out: 'data/train',
    });
  });
});

describe('simulate options: problems', () => {
  it('names an unknown flag, long or short', () => {
    expect(problemsOf(['--verbose', '-x'])).toEqual([
      { variable: '--verbose', problem: 'is not an option of simulate' },
      { variable: '-x', problem: 'is not an option of simulate' },
    ]);
  });

  it('refuses positional arguments', () => {
    expect(problemsOf(['kafka', '--seed', '3', 'now'])).toEqual([
      { variable: 'kafka', problem: 'is not an option of simulate' },
      { variable: 'now', problem: 'is not an option of simulate' },
    ]);
  });

  it('names a value swallowed by the next flag, an empty value and a value on a switch', () => {
    expect(problemsOf(['--speed', '--count', '5'])).toEqual([
      { variable: '--speed', problem: 'needs a value' },
      { variable: '5', problem: 'is not an option of simulate' },
    ]);
    expect(problemsOf(['--seed=', '--fraud-multiplier='])).toEqual([
      { variable: '--seed', problem: 'needs a value' },
      { variable: '--fraud-multiplier', problem: 'needs a value' },
    ]);
    expect(problemsOf(['--bursty=yes'])).toEqual([{ variable: '--bursty', problem: 'takes no value' }]);
  });

  it('names an unknown scenario once, however many are unknown', () => {
    expect(problemsOf(['--scenarios', 'foo,bar'])).toEqual([
      {
        variable: '--scenarios',
        problem:
          'must list scenarios among amount_outlier, compromised_merchant, account_takeover, card_testing, impossible_travel',
      },
    ]);
  });

  it('names a conflict even beside an unknown flag', () => {
    expect(problemsOf(['--foo', '--rate', '5', '--speed', '2'])).toEqual([
      { variable: '--foo', problem: 'is not an option of simulate' },
      { variable: '--speed', problem: 'cannot be combined with --rate (choose one way to pace)' },
    ]);
  });

  it('names a flag given without its value, once', () => {
    expect(problemsOf(['--count', '5', '--seed'])).toEqual([{ variable: '--seed', problem: 'needs a value' }]);
    expect(problemsOf(['--out'])).toEqual([{ variable: '--out', problem: 'needs a value' }]);
  });

  it('names every non-numeric and out-of-range value at once', () => {
    expect(
      problemsOf([
        '--seed',
        'abc',
        '--customers',
        '1.5',
        '--merchants',
        '0',
        '--start-time',
        'yesterday',
        '--fraud-multiplier',
        '-1',
        '--rate',
        'fast',
        '--count',
        '-5',
        '--duration',
        'x',
        '--days',
        '0',
        '--confirmation-delay-hours',
        'soon',
      ]),
    ).toEqual([
      { variable: '--seed', problem: 'must be an integer 0-4294967295' },
      { variable: '--customers', problem: 'must be a positive integer' },
      { variable: '--merchants', problem: 'must be a positive integer' },
      { variable: '--start-time', problem: 'must be an ISO 8601 UTC instant such as 2026-01-01T00:00:00.000Z' },
      { variable: '--fraud-multiplier', problem: 'must be a number >= 0' },
      { variable: '--rate', problem: "must be a number > 0 or 'max'" },
      { variable: '--count', problem: 'must be a positive integer' },
      { variable: '--duration', problem: 'must be a number > 0' },
      { variable: '--days', problem: 'must be a positive integer' },
      { variable: '--confirmation-delay-hours', problem: 'must be a number > 0 and at most 8760' },
    ]);
  });

  it.each([
    [['--seed', '4294967296'], '--seed', 'must be an integer 0-4294967295'],
    [['--seed', '-1'], '--seed', 'must be an integer 0-4294967295'],
    [['--rate', '-3'], '--rate', 'must be a number > 0'],
    [['--rate', '0'], '--rate', 'must be a number > 0'],
    [['--speed', '0'], '--speed', 'must be a number > 0'],
    [['--speed', '1e400'], '--speed', 'must be a number > 0'],
    [['--confirmation-delay-hours', '0'], '--confirmation-delay-hours', 'must be a number > 0 and at most 8760'],
    [['--confirmation-delay-hours', '8761'], '--confirmation-delay-hours', 'must be a number > 0 and at most 8760'],
    [
      ['--start-time', '2026-03-01T00:00:00+01:00'],
      '--start-time',
      'must be an ISO 8601 UTC instant such as 2026-01-01T00:00:00.000Z',
    ],
  ])('refuses %j', (args, variable, problem) => {
    expect(problemsOf(args)).toEqual([{ variable, problem }]);
  });

  it('names an unknown scenario', () => {
    expect(problemsOf(['--scenarios', 'card_testing,skimming'])).toEqual([
      { variable: '--scenarios', problem: SCENARIO_LIST },
    ]);
  });

  it('refuses --rate with --speed', () => {
    expect(problemsOf(['--rate', '5', '--speed', '2'])).toEqual([
      { variable: '--speed', problem: 'cannot be combined with --rate (choose one way to pace)' },
    ]);
  });

  it.each([
    [['--bursty', '--speed', '2'], 'needs a numeric --rate'],
    [['--bursty', '--rate', 'max'], 'needs a numeric --rate'],
    [['--bursty', '--rate', '0.5'], 'needs --rate of at least 1'],
  ])('refuses %j', (args, problem) => {
    expect(problemsOf(args)).toEqual([{ variable: '--bursty', problem }]);
  });

  it('requires --days with --out', () => {
    expect(problemsOf(['--out', 'data'])).toEqual([{ variable: '--days', problem: 'is required with --out' }]);
  });

  it('names every pacing and limit flag that does not apply to an export, and every conflict, at once', () => {
    expect(
      problemsOf([
        '--out',
        'data',
        '--rate',
        '5',
        '--speed',
        '2',
        '--count',
        '3',
        '--duration',
        '4',
        '--bursty',
        '--confirmation-delay-hours',
        '2',
        '--no-confirmations',
      ]),
    ).toEqual([
      { variable: '--speed', problem: 'cannot be combined with --rate (choose one way to pace)' },
      { variable: '--bursty', problem: 'needs a numeric --rate' },
      { variable: '--days', problem: 'is required with --out' },
      { variable: '--rate', problem: 'does not apply with --out' },
      { variable: '--speed', problem: 'does not apply with --out' },
      { variable: '--bursty', problem: 'does not apply with --out' },
      { variable: '--count', problem: 'does not apply with --out' },
      { variable: '--duration', problem: 'does not apply with --out' },
      { variable: '--confirmation-delay-hours', problem: 'does not apply with --out' },
      { variable: '--no-confirmations', problem: 'does not apply with --out' },
    ]);
  });

  it('puts every problem in one message', () => {
    let message = '';
    try {
      parseSimulateOptions(['--wat', '--count', 'many']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('simulate: --wat is not an option of simulate; --count must be a positive integer');
  });
});
