import type { Observations } from '../observe/observations.js';
import { stageLatencies } from './stage-latencies.js';
import { alertQuality, type AlertQuality } from './alert-quality.js';
import { delivery, type Delivery } from './delivery.js';
import { latencySummary, type LatencySummary } from './latency-summary.js';

export interface RunFigures {
  /** Transactions per second on `transactions`, from the first append to the last. */
  transactionsPerSecond: number | null;
  delivery: Delivery;
  latency: {
    /** Transactions appended before this (ms since the epoch) are a warm-up, left out of the latencies; null: none. */
    measuredFrom: number | null;
    toScore: LatencySummary;
    toAlert: LatencySummary;
    toNotice: LatencySummary;
  };
  quality: AlertQuality;
}

function throughput(observations: Observations): number | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { appendedAt } of observations.transactions.values()) {
    first = Math.min(first, appendedAt);
    last = Math.max(last, appendedAt);
  }
  return last > first ? Math.round((observations.transactions.size / ((last - first) / 1000)) * 10) / 10 : null;
}

/** The figures of a run from what was observed of it, so far or in the end. */
export function runFigures(observations: Observations, measuredFrom?: number): RunFigures {
  const latencies = stageLatencies(observations, measuredFrom);
  return {
    transactionsPerSecond: throughput(observations),
    delivery: delivery(observations),
    latency: {
      measuredFrom: measuredFrom ?? null,
      toScore: latencySummary(latencies.toScore),
      toAlert: latencySummary(latencies.toAlert),
      toNotice: latencySummary(latencies.toNotice),
    },
    quality: alertQuality(observations),
  };
}
