import type { RunFigures } from '../figures/run-figures.js';
import type { ServiceTimings } from '../observe/service-timings.js';
import type { Transport } from '../pipeline/pipeline-settings.js';
import type { HistogramBucket } from './latency-histogram.js';

/** The Redis every service ran on: one node, or a cluster (`REDIS_CLUSTER=true`) of `primaries`. */
export interface RedisDescription {
  cluster: boolean;
  primaries: number;
}

/** How the run was made. */
export interface RunDescription {
  transport: Transport;
  redis: RedisDescription;
  partitions: number;
  streamPrefix: string;
  /** Requested transactions per second, and for how long. */
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  seed: number;
  customers: number;
  fraudMultiplier: number;
  scenarios: readonly string[] | null;
  startedAt: string;
  finishedAt: string;
  /** Whether the run was cut short (Ctrl-C): its figures cover what happened until then. */
  interrupted: boolean;
}

/** The report of one run, as written to `report.json`. */
export interface DemoReport {
  run: RunDescription;
  figures: RunFigures;
  histograms: { toAlert: HistogramBucket[]; toNotice: HistogramBucket[] };
  /** Records in each dead-letter stream at the end. */
  deadLetters: Record<string, number>;
  /** Where each service's time went, from its metrics at the end. */
  services: ServiceTimings;
}
