import {
  FRAUD_ALERTS_STREAM,
  FRAUD_SCORES_STREAM,
  TRANSACTION_FEATURES_STREAM,
  TRANSACTION_LABELS_STREAM,
  TRANSACTIONS_STREAM,
  type StreamName,
} from '@fraud/contracts';

/** The services that run on ECS; the model endpoint runs on SageMaker instead. */
export type PipelineServiceName = 'producer' | 'feature-engine' | 'inference' | 'alerting';

/** What a service reads and writes: the whole of what its task role may do with the streams. */
export interface PipelineServiceSpec {
  name: PipelineServiceName;
  /** Consumed as the consumer group (KCL application) named like the service; none for the producer. */
  consumes: StreamName | undefined;
  /** Published to, besides the dead-letter stream of what it consumes. */
  publishes: readonly StreamName[];
}

/** The pipeline of contracts.md, stage by stage. */
export const PIPELINE_SERVICES: readonly PipelineServiceSpec[] = [
  // The ingest API publishes transactions only; labels come from the simulator task (simulator-task.ts).
  { name: 'producer', consumes: undefined, publishes: [TRANSACTIONS_STREAM] },
  { name: 'feature-engine', consumes: TRANSACTIONS_STREAM, publishes: [TRANSACTION_FEATURES_STREAM] },
  { name: 'inference', consumes: TRANSACTION_FEATURES_STREAM, publishes: [FRAUD_SCORES_STREAM] },
  { name: 'alerting', consumes: FRAUD_SCORES_STREAM, publishes: [FRAUD_ALERTS_STREAM] },
];

/** The simulator publishes transactions with their ground truth. */
export const SIMULATOR_PUBLISHES: readonly StreamName[] = [TRANSACTIONS_STREAM, TRANSACTION_LABELS_STREAM];

export function pipelineService(name: PipelineServiceName): PipelineServiceSpec {
  const spec = PIPELINE_SERVICES.find((service) => service.name === name);
  if (spec === undefined) throw new Error(`unknown pipeline service ${name}`);
  return spec;
}
