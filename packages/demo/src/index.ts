export { stageLatencies, firstAlertedRevisions } from './figures/stage-latencies.js';
export {
  alertedTransactions,
  alertQuality,
  BURST_SCENARIOS,
  type AlertQuality,
  type ScenarioQuality,
} from './figures/alert-quality.js';
export {
  delivery,
  notifiedRevisions,
  type AlertDelivery,
  type Delivery,
  type ScoreDelivery,
} from './figures/delivery.js';
export { latencySummary, percentile, type LatencySummary } from './figures/latency-summary.js';
export { runFigures, type RunFigures } from './figures/run-figures.js';
export { deadLetterCounts, deadLetteredSoFar } from './observe/dead-letters.js';
export type {
  ObservedAlertRevision,
  ObservedLabel,
  ObservedNotice,
  ObservedScore,
  ObservedTransaction,
  Observations,
} from './observe/observations.js';
export { observePipeline, type PipelineWatch } from './observe/observe-pipeline.js';
export { metricTotal, serviceTimings, type ServiceTiming, type ServiceTimings } from './observe/service-timings.js';
export {
  subscribeAlertQueue,
  type AlertSubscription,
  type ReceivedNotice,
  type SnsSqsEndpoints,
} from './pipeline/alert-subscription.js';
export {
  PIPELINE_SERVICES,
  pipelineSettings,
  type PipelineService,
  type PipelineSettings,
  type Transport,
} from './pipeline/pipeline-settings.js';
export { createPipelineStreams, pipelineTransport } from './pipeline/pipeline-transport.js';
export { serviceEntry } from './pipeline/service-entries.js';
export {
  simulateArguments,
  startSimulation,
  type SimulationOptions,
  type SimulationRun,
} from './pipeline/simulation-run.js';
export { startPipeline, type Pipeline, type PipelineOptions, type PipelineStack } from './pipeline/start-pipeline.js';
export type { DemoReport, RedisDescription, RunDescription } from './report/demo-report.js';
export {
  histogramBars,
  latencyHistogram,
  LATENCY_BUCKET_BOUNDS_MS,
  type HistogramBucket,
} from './report/latency-histogram.js';
export { markdownReport } from './report/markdown-report.js';
export { reportDirectory, writeReport } from './report/write-report.js';
export { drainPipeline } from './run/drain-pipeline.js';
export {
  runWorkedExample,
  type RunProgress,
  type WorkedExampleHooks,
  type WorkedExampleOptions,
} from './run/worked-example.js';
