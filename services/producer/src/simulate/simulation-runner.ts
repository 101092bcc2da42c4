import { setTimeout as sleep } from 'node:timers/promises';

import type { FraudConfirmation } from '@fraud/contracts';
import { LOGGER } from '@fraud/observability';
import { isTransient, retry } from '@fraud/resilience';
import { ConfirmationSchedule, simulate } from '@fraud/simulator';
import { EventPublisher } from '@fraud/transport';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

import { CardTokenizer } from '../card/card-tokenizer.js';
import { dueConfirmations } from './due-confirmations.js';
import type { SimulateOptions } from './simulate-options.js';
import { SimulationFeed } from './simulation-feed.js';
import { simulationConfigOf } from './simulation-config-of.js';
import { toSimulatedEvents, type SimulatedEvents } from './simulated-events.js';
import { SimulationTally, type SimulationSummary } from './simulation-summary.js';

export const SIMULATE_OPTIONS = Symbol('SIMULATE_OPTIONS');

/** Largest publish: big enough for 10,000+ transactions/s with one publish in flight. */
const MAX_BATCH = 1_000;
/** Longest sleep, so a stop request or the end of a duration is noticed promptly. */
const MAX_IDLE_MS = 250;
const PROGRESS_EVERY_MS = 10_000;
/** Enough to run for decades of simulated time: count or duration usually ends a run first. */
const UNBOUNDED_DAYS = 36_500;
const HOUR_MS = 3_600_000;

/**
 * The `simulate` mode: releases simulated transactions on schedule and
 * publishes each batch (Transactions, Labels to `transaction-labels`, and
 * the FraudConfirmations due by the batch's latest event time to
 * `fraud-confirmations`) keyed by card token, one batch in flight, so a
 * card's events keep their order. A publish that fails is retried with
 * backoff until it lands or the service stops; nothing is skipped.
 * Confirmations not yet due when the run ends are never published.
 */
@Injectable()
export class SimulationRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly stopping = new AbortController();
  private running: Promise<SimulationSummary> | undefined;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly tokenizer: CardTokenizer,
    @Inject(SIMULATE_OPTIONS) private readonly options: SimulateOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run();
    // Observed by `finished`; an unobserved failure must not crash the process unlogged.
    this.running.catch(() => undefined);
  }

  /** Resolves with the summary when the run ends by itself (count, duration or days reached). */
  get finished(): Promise<SimulationSummary> {
    if (this.running === undefined) throw new Error('the simulation has not started');
    return this.running;
  }

  /** Whether the service is stopping (a signal), rather than the run ending by itself. */
  get stopRequested(): boolean {
    return this.stopping.signal.aborted;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<SimulationSummary> {
    const options = this.options;
    const start = Date.now();
    const feed = new SimulationFeed(
      simulate(simulationConfigOf(options), options.days ?? UNBOUNDED_DAYS),
      options.pacing,
      {
        count: options.count,
        durationMs: options.durationSeconds === undefined ? undefined : options.durationSeconds * 1000,
      },
      start,
    );
    const tally = new SimulationTally(start);
    // Whole milliseconds, at least one, so confirmedAt is exactly the transaction's time plus the delay.
    const confirmations = options.confirmations
      ? new ConfirmationSchedule(Math.max(1, Math.round(options.confirmationDelayHours * HOUR_MS)))
      : undefined;
    const signal = this.stopping.signal;
    let nextProgress = start + PROGRESS_EVERY_MS;
    this.logger.info(
      { seed: options.seed, pacing: options.pacing, scenarios: options.scenarios },
      'simulation started',
    );

    while (!signal.aborted && !feed.finished(Date.now())) {
      const now = Date.now();
      const due = feed.takeDue(now, MAX_BATCH);
      if (due.length === 0) {
        const wait = Math.min(MAX_IDLE_MS, Math.max(1, (feed.nextDueAt(now) ?? now) - now));
        await sleep(wait, undefined, { signal }).catch(() => undefined);
        continue;
      }
      const events = due.map((simulated) => toSimulatedEvents(simulated, this.tokenizer));
      const confirmed = confirmations === undefined ? [] : dueConfirmations(confirmations, events);
      try {
        await this.publish(events, confirmed, signal);
      } catch (error) {
        // Stopping while a batch would not land: it is not published, and said so.
        if (!this.stopRequested) throw error;
        this.logger.warn(
          { err: error, unpublished: events.length, unpublishedConfirmations: confirmed.length },
          'simulation stopped with a batch unpublished',
        );
        break;
      }
      tally.add(events.map((event) => event.label));
      tally.addConfirmations(confirmed.length);
      if (Date.now() >= nextProgress) {
        nextProgress += PROGRESS_EVERY_MS;
        this.logger.info(tally.summary(Date.now(), confirmations?.size ?? 0), 'simulation progress');
      }
    }
    const summary = tally.summary(Date.now(), confirmations?.size ?? 0);
    this.logger.info(summary, signal.aborted ? 'simulation stopped' : 'simulation finished');
    return summary;
  }

  private async publish(
    events: readonly SimulatedEvents[],
    confirmed: readonly FraudConfirmation[],
    signal: AbortSignal,
  ): Promise<void> {
    const transactions = events.map(({ transaction }) => transaction);
    const labels = events.map(({ label }) => label);
    await retry(
      () =>
        Promise.all([
          this.publisher.publish('transactions', transactions),
          this.options.labels ? this.publisher.publish('transaction-labels', labels) : undefined,
          this.publisher.publish('fraud-confirmations', confirmed),
        ]),
      {
        shouldRetry: isTransient,
        signal,
        onRetry: (error, attempt, delayMs) => {
          this.logger.warn({ err: error, attempt, delayMs }, 'publishing simulated transactions failed; retrying');
        },
      },
    );
  }
}
