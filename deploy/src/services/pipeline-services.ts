import {
  FRAUD_ALERTS_STREAM,
  FRAUD_CONFIRMATIONS_STREAM,
  FRAUD_SCORES_STREAM,
  TRANSACTION_FEATURES_STREAM,
  TRANSACTION_LABELS_STREAM,
  TRANSACTIONS_STREAM,
  type StreamName,
} from '@fraud/contracts';

/** The services that run on ECS; the model endpoint runs on SageMaker instead. */
export type PipelineServiceName = 'producer' | 'feature-engine' | 'inference' | 'alerting';

/** A stream a service reads, as the consumer group (KCL application) its main.ts names, before STREAM_PREFIX. */
export interface ConsumedStream {
  stream: StreamName;
  group: string;
}

/** What a service reads and writes: the whole of what its task role may do with the streams. */
export interface PipelineServiceSpec {
  name: PipelineServiceName;
  /**
   * Each stream as its own group (Kinesis: its own lease table); the first is
   * the service's main input, whose lag scales it. None for the producer.
   */
  consumes: readonly ConsumedStream[];
  /** Published to, besides the dead-letter stream of each stream it consumes. */
  publishes: readonly StreamName[];
}

/** The pipeline of contracts.md, stage by stage. */
export const PIPELINE_SERVICES: readonly PipelineServiceSpec[] = [
  // The ingest API publishes transactions only; labels come from the simulator task (simulator-task.ts).
  { name: 'producer', consumes: [], publishes: [TRANSACTIONS_STREAM] },
  {
    name: 'feature-engine',
    // Confirmed frauds feed the merchant fraud rate (docs/window-features.md), read as a group of their own.
    consumes: [
      { stream: TRANSACTIONS_STREAM, group: 'feature-engine' },
      { stream: FRAUD_CONFIRMATIONS_STREAM, group: 'feature-engine-confirmations' },
    ],
    publishes: [TRANSACTION_FEATURES_STREAM],
  },
  {
    name: 'inference',
    consumes: [{ stream: TRANSACTION_FEATURES_STREAM, group: 'inference' }],
    publishes: [FRAUD_SCORES_STREAM],
  },
  {
    name: 'alerting',
    consumes: [{ stream: FRAUD_SCORES_STREAM, group: 'alerting' }],
    publishes: [FRAUD_ALERTS_STREAM],
  },
];

/** The simulator publishes transactions with their ground truth, and a confirmation of each fraud a while later. */
export const SIMULATOR_PUBLISHES: readonly StreamName[] = [
  TRANSACTIONS_STREAM,
  TRANSACTION_LABELS_STREAM,
  FRAUD_CONFIRMATIONS_STREAM,
];

export function pipelineService(name: PipelineServiceName): PipelineServiceSpec {
  const spec = PIPELINE_SERVICES.find((service) => service.name === name);
  if (spec === undefined) throw new Error(`unknown pipeline service ${name}`);
  return spec;
}
