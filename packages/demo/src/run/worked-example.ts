import { uniqueStreamPrefix } from '@fraud/testing';

import { stageLatencies } from '../figures/stage-latencies.js';
import { runFigures, type RunFigures } from '../figures/run-figures.js';
import { deadLetterCounts, deadLetteredSoFar } from '../observe/dead-letters.js';
import { serviceTimings } from '../observe/service-timings.js';
import { observePipeline, type PipelineWatch } from '../observe/observe-pipeline.js';
import type { Transport } from '../pipeline/pipeline-settings.js';
import { startSimulation, type SimulationOptions, type SimulationRun } from '../pipeline/simulation-run.js';
import { startPipeline, type Pipeline, type PipelineStack } from '../pipeline/start-pipeline.js';
import type { DemoReport, RedisDescription } from '../report/demo-report.js';
import { formatRedis } from '../report/format.js';
import { latencyHistogram } from '../report/latency-histogram.js';
import { drainPipeline } from './drain-pipeline.js';

export interface WorkedExampleOptions extends SimulationOptions {
  durationSeconds: number;
  transport: Transport;
  partitions: number;
  /** Transactions of the first seconds are left out of the latencies (a fresh process's first fetch, publish and JIT). */
  warmupSeconds: number;
  streamPrefix?: string | undefined;
  /** Every service on the stack's Redis Cluster (the stack started with `redisCluster`). */
  redisCluster?: boolean | undefined;
}

/** What the live summary shows, every `progressEveryMs`. */
export interface RunProgress {
  elapsedSeconds: number;
  /** Transactions appended since the previous progress, per second. */
  recentTransactionsPerSecond: number;
  figures: RunFigures;
  deadLettered: number;
}

export interface WorkedExampleHooks {
  onPhase?: (phase: string) => void;
  onProgress?: (progress: RunProgress) => void;
  progressEveryMs?: number;
  /** Aborting ends the simulation early; what happened until then is reported. */
  signal?: AbortSignal;
}

async function simulateWithProgress(
  pipeline: Pipeline,
  watch: PipelineWatch,
  simulation: SimulationRun,
  measuredFrom: number | undefined,
  hooks: WorkedExampleHooks,
): Promise<void> {
  const started = Date.now();
  let previous = { at: started, transactions: 0 };
  const report = async (): Promise<void> => {
    const now = Date.now();
    const transactions = watch.observations.transactions.size;
    const deadLettered = await deadLetteredSoFar(Object.values(pipeline.services)).catch(() => Number.NaN);
    hooks.onProgress?.({
      elapsedSeconds: Math.round((now - started) / 1_000),
      recentTransactionsPerSecond: Math.round((transactions - previous.transactions) / ((now - previous.at) / 1_000)),
      figures: runFigures(watch.observations, measuredFrom),
      deadLettered,
    });
    previous = { at: now, transactions };
  };
  const timer = setInterval(() => void report(), hooks.progressEveryMs ?? 2_000);
  const onAbort = (): void => void simulation.stop();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await simulation.finished.catch((error: unknown) => {
      // Interrupted, the producer may have been stopped by the same Ctrl-C: how it exited says nothing.
      if (hooks.signal?.aborted !== true) throw error;
    });
  } finally {
    clearInterval(timer);
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The worked example on a running stack, start to end: the pipeline, its
 * watch, the simulator at the rate for the duration, the pipeline drained,
 * the figures and dead letters taken, and everything it started stopped.
 */
export async function runWorkedExample(
  stack: PipelineStack,
  options: WorkedExampleOptions,
  hooks: WorkedExampleHooks = {},
): Promise<DemoReport> {
  const streamPrefix = options.streamPrefix ?? uniqueStreamPrefix(`demo-${options.transport}`);
  const redis = redisDescription(stack, options.redisCluster === true);
  hooks.onPhase?.(
    `starting the model endpoint, feature engine, inference and alerting on ${options.transport} and ${formatRedis(redis)}`,
  );
  const pipeline = await startPipeline(stack, {
    transport: options.transport,
    streamPrefix,
    partitions: options.partitions,
    redisCluster: redis.cluster,
  });
  try {
    const watch = await observePipeline(stack, pipeline);
    try {
      const startedAt = new Date();
      hooks.onPhase?.(`simulating ${options.rate} transactions/s for ${options.durationSeconds} s`);
      const simulation = await startSimulation(pipeline.settings, options);
      const measuredFrom = options.warmupSeconds > 0 ? startedAt.getTime() + options.warmupSeconds * 1_000 : undefined;
      await simulateWithProgress(pipeline, watch, simulation, measuredFrom, hooks);
      const interrupted = hooks.signal?.aborted === true;
      hooks.onPhase?.(
        interrupted ? 'interrupted: reporting what was observed' : 'waiting for the last scores and alerts',
      );
      // Interrupted, the services may be stopping too (Ctrl-C reaches the whole process group): no waiting for them.
      if (!interrupted) await drainPipeline(pipeline, watch);
      const latencies = stageLatencies(watch.observations, measuredFrom);
      return {
        run: {
          transport: options.transport,
          redis,
          partitions: options.partitions,
          streamPrefix,
          rate: options.rate,
          durationSeconds: options.durationSeconds,
          warmupSeconds: options.warmupSeconds,
          seed: options.seed,
          customers: options.customers,
          fraudMultiplier: options.fraudMultiplier,
          scenarios: options.scenarios ?? null,
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          interrupted,
        },
        figures: runFigures(watch.observations, measuredFrom),
        histograms: { toAlert: latencyHistogram(latencies.toAlert), toNotice: latencyHistogram(latencies.toNotice) },
        // Interrupted, the infrastructure and the services may be stopping too: what cannot be read is left out.
        deadLetters: await deadLetterCounts(options.transport, stack.endpoints, pipeline.names).catch(() => ({})),
        services: await serviceTimings(pipeline.services).catch(() => ({})),
      };
    } finally {
      await watch.stop();
    }
  } finally {
    hooks.onPhase?.('stopping the services');
    await pipeline.stop();
  }
}

/** The Redis the services run on: the stack's single node, or its cluster's primaries. */
function redisDescription(stack: PipelineStack, cluster: boolean): RedisDescription {
  return cluster ? { cluster, primaries: stack.endpoints.redisClusterNodes?.length ?? 0 } : { cluster, primaries: 1 };
}
