import { metricSample, waitUntil } from '@fraud/testing';

import type { PipelineWatch } from '../observe/observe-pipeline.js';
import type { Pipeline } from '../pipeline/start-pipeline.js';

/**
 * Once the producer has stopped: waits until every transaction on
 * `transactions` has its score, the alerting service has handled every
 * score, and the watch has seen every alert and notice that followed.
 */
export async function drainPipeline(pipeline: Pipeline, watch: PipelineWatch, timeoutMs = 120_000): Promise<void> {
  const { observations } = watch;
  const deadline = Date.now() + timeoutMs;
  const left = (): number => Math.max(1_000, deadline - Date.now());
  await watch.caughtUp(left());
  await waitUntil(() => Promise.resolve(observations.scores.size >= observations.transactions.size), {
    description: `a score for each of the ${observations.transactions.size} transactions`,
    timeoutMs: left(),
    intervalMs: 100,
  });
  await watch.caughtUp(left());
  const scoreRecords = [...observations.scores.values()].reduce((sum, score) => sum + score.copies, 0);
  await waitUntil(
    async () =>
      (await metricSample(pipeline.services.alerting.baseUrl, 'transport_records_consumed_total', {
        stream: pipeline.names.fraudScores,
      })) >= scoreRecords,
    { description: `the alerting service handling all ${scoreRecords} scores`, timeoutMs: left(), intervalMs: 100 },
  );
  await watch.caughtUp(left());
}
