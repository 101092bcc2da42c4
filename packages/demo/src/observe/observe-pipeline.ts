import { tailStreams, type StreamTail } from '@fraud/testing';

import type { Pipeline, PipelineStack } from '../pipeline/start-pipeline.js';
import { PipelineObserver } from './pipeline-observer.js';
import type { Observations } from './observations.js';

export interface PipelineWatch {
  readonly observations: Observations;
  /** Resolves once everything appended or notified before the call has been observed. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches a pipeline from outside, as an auditor would: tails of
 * `transactions`, `transaction-labels`, `fraud-scores` and `fraud-alerts`
 * from their beginning, and the SQS queue subscribed to the alerts' topic.
 */
export async function observePipeline(stack: PipelineStack, pipeline: Pipeline): Promise<PipelineWatch> {
  const observer = new PipelineObserver(pipeline.names);
  const tail: StreamTail = await tailStreams(pipeline.transport, stack.endpoints, observer.streams, observer.onRecord);
  pipeline.alerts.receive(observer.onNotice);
  return {
    observations: observer,
    caughtUp: async (timeoutMs) => {
      await tail.caughtUp(timeoutMs);
      await pipeline.alerts.caughtUp(timeoutMs);
    },
    stop: () => tail.stop(),
  };
}
