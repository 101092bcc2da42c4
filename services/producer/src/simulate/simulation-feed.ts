import {
  releaseOffsetMs,
  releasedBy,
  simulatedClock,
  wallTimeDue,
  type SimulatedClock,
  type SimulatedTransaction,
} from '@fraud/simulator';

import type { Pacing } from './simulate-options.js';

export interface FeedLimits {
  /** Stop after this many transactions. */
  readonly count?: number | undefined;
  /** Stop releasing this long after the start. */
  readonly durationMs?: number | undefined;
}

/**
 * Releases simulated transactions on schedule: at a rate, as fast as they
 * are taken, or when due on a simulated clock. Pure: the caller passes the
 * wall time in, so tests run it without waiting.
 */
export class SimulationFeed {
  private readonly source: Iterator<SimulatedTransaction>;
  private peeked: SimulatedTransaction | undefined;
  private exhausted = false;
  private clock: SimulatedClock | undefined;
  private taken = 0;

  constructor(
    source: Iterable<SimulatedTransaction>,
    private readonly pacing: Pacing,
    private readonly limits: FeedLimits,
    private readonly startWallMs: number,
  ) {
    this.source = source[Symbol.iterator]();
  }

  /** How many have been released. */
  get released(): number {
    return this.taken;
  }

  /** Nothing more will be released at or after `nowWallMs`. */
  finished(nowWallMs: number): boolean {
    if (this.limits.count !== undefined && this.taken >= this.limits.count) return true;
    if (this.limits.durationMs !== undefined && nowWallMs - this.startWallMs >= this.limits.durationMs) return true;
    return this.peek() === undefined;
  }

  /** The transactions due by `nowWallMs`, oldest first, at most `max`. */
  takeDue(nowWallMs: number, max: number): SimulatedTransaction[] {
    const due: SimulatedTransaction[] = [];
    if (this.finished(nowWallMs)) return due;
    const allowed = Math.min(max, this.remainingByCount(), this.dueByPacing(nowWallMs));
    while (due.length < allowed) {
      const next = this.peek();
      if (next === undefined || !this.isDue(next, nowWallMs)) break;
      due.push(next);
      this.peeked = undefined;
      this.taken++;
    }
    return due;
  }

  /** Wall time at which the next transaction is due; undefined when finished. */
  nextDueAt(nowWallMs: number): number | undefined {
    if (this.finished(nowWallMs)) return undefined;
    const next = this.peek();
    if (next === undefined) return undefined;
    switch (this.pacing.kind) {
      case 'unthrottled':
        return nowWallMs;
      case 'rate':
        return this.startWallMs + releaseOffsetMs(this.pacing.plan, this.taken);
      case 'clock':
        return wallTimeDue(this.clockFor(next), Date.parse(next.transaction.timestamp));
    }
  }

  private remainingByCount(): number {
    return this.limits.count === undefined ? Number.POSITIVE_INFINITY : this.limits.count - this.taken;
  }

  private dueByPacing(nowWallMs: number): number {
    if (this.pacing.kind !== 'rate') return Number.POSITIVE_INFINITY;
    return Math.max(0, releasedBy(this.pacing.plan, nowWallMs - this.startWallMs) - this.taken);
  }

  private isDue(next: SimulatedTransaction, nowWallMs: number): boolean {
    if (this.pacing.kind !== 'clock') return true;
    return wallTimeDue(this.clockFor(next), Date.parse(next.transaction.timestamp)) <= nowWallMs;
  }

  /** The clock starts at the first transaction, so a run does not wait for the simulated day's first hours. */
  private clockFor(first: SimulatedTransaction): SimulatedClock {
    if (this.pacing.kind !== 'clock') throw new Error('no simulated clock without clock pacing');
    this.clock ??= simulatedClock(this.startWallMs, Date.parse(first.transaction.timestamp), this.pacing.speed);
    return this.clock;
  }

  private peek(): SimulatedTransaction | undefined {
    if (this.peeked === undefined && !this.exhausted) {
      const next = this.source.next();
      if (next.done === true) this.exhausted = true;
      else this.peeked = next.value;
    }
    return this.peeked;
  }
}
