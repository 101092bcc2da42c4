import { startServiceProcess, type ServiceExit, type ServiceProcess } from '@fraud/testing';

import type { PipelineSettings } from './pipeline-settings.js';
import { serviceEntry } from './service-entries.js';

/** What the producer's simulator publishes (its `simulate` options). */
export interface SimulationOptions {
  /** Transactions per second. */
  rate: number;
  /** The run ends after this long, or after `count` transactions, whichever comes first; one of them is required. */
  durationSeconds?: number | undefined;
  /** A count makes the run's transactions the same whatever rate the transport sustains: the seed's first `count`. */
  count?: number | undefined;
  seed: number;
  /** Cards in the simulated world. */
  customers: number;
  /** Merchants in it; the producer's default (200) when unset. */
  merchants?: number | undefined;
  /** Scales how often fraud incidents strike; a demo wants more than real life to see. */
  fraudMultiplier: number;
  /** Fraud scenarios to inject; all five when unset. */
  scenarios?: readonly string[] | undefined;
}

export interface SimulationRun {
  readonly producer: ServiceProcess;
  /** Resolves when the simulation ended by itself; rejects when the producer exited otherwise than with 0. */
  readonly finished: Promise<void>;
  /** Ends the simulation early (SIGTERM: the batch in flight lands, then it exits). */
  stop(): Promise<ServiceExit>;
}

/** The producer's command line for the options. */
export function simulateArguments(options: SimulationOptions): string[] {
  if (options.durationSeconds === undefined && options.count === undefined) {
    throw new Error('a simulation needs a duration or a count to end');
  }
  return [
    'simulate',
    '--rate',
    String(options.rate),
    ...(options.durationSeconds === undefined ? [] : ['--duration', String(options.durationSeconds)]),
    ...(options.count === undefined ? [] : ['--count', String(options.count)]),
    '--seed',
    String(options.seed),
    '--customers',
    String(options.customers),
    ...(options.merchants === undefined ? [] : ['--merchants', String(options.merchants)]),
    '--fraud-multiplier',
    String(options.fraudMultiplier),
    ...(options.scenarios === undefined ? [] : ['--scenarios', options.scenarios.join(',')]),
  ];
}

/**
 * The producer in simulate mode, publishing `transactions` and
 * `transaction-labels` at the rate for the duration, then exiting.
 */
export async function startSimulation(settings: PipelineSettings, options: SimulationOptions): Promise<SimulationRun> {
  const producer = await startServiceProcess({
    entry: serviceEntry('producer'),
    args: simulateArguments(options),
    env: settings.producer,
  });
  const finished = producer.exited.then((exit) => {
    if (exit.code !== 0) {
      throw new Error(
        `the producer exited with ${exit.code ?? exit.signal}:\n${producer.stdout()}${producer.stderr()}`,
      );
    }
  });
  // Observed by the caller; an unobserved failure must not end the process unreported.
  finished.catch(() => undefined);
  return { producer, finished, stop: () => producer.stop() };
}
