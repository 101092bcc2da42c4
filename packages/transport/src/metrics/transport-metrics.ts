import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The transport's Prometheus metrics, labelled by stream, shared by both
 * adapters and the record pipeline so dashboards do not care which transport
 * runs. One instance per service registry.
 */
export class TransportMetrics {
  readonly recordsPublished: Counter<'stream'>;
  readonly publishFailures: Counter<'stream'>;
  readonly recordsConsumed: Counter<'stream'>;
  readonly handlerSeconds: Histogram<'stream'>;
  /** From a record's timestamp to the start of the handling that succeeded: time spent waiting, not handled. */
  readonly recordWaitSeconds: Histogram<'stream'>;
  readonly deadLettered: Counter<'stream' | 'reason'>;
  readonly retries: Counter<'stream' | 'kind'>;
  /** Kafka: records between the committed offset and the partition's high watermark. */
  readonly consumerLag: Gauge<'stream' | 'partition'>;
  /** Kinesis: how far the last batch read was behind the tip of its shard. */
  readonly millisBehindLatest: Gauge<'stream' | 'partition'>;

  constructor(registry: Registry = new Registry()) {
    const registers = [registry];
    this.recordsPublished = new Counter({
      name: 'transport_records_published_total',
      help: 'Records durably accepted by the transport.',
      labelNames: ['stream'],
      registers,
    });
    this.publishFailures = new Counter({
      name: 'transport_publish_failures_total',
      help: 'Records the transport did not accept on a publish attempt.',
      labelNames: ['stream'],
      registers,
    });
    this.recordsConsumed = new Counter({
      name: 'transport_records_consumed_total',
      help: 'Records handled successfully (or dead-lettered) and so committable.',
      labelNames: ['stream'],
      registers,
    });
    this.handlerSeconds = new Histogram({
      name: 'transport_handler_seconds',
      help: "Time a record spent in the service's handler: its batch's, from arrival to resolved, retries included.",
      labelNames: ['stream'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.recordWaitSeconds = new Histogram({
      name: 'transport_record_wait_seconds',
      help:
        "Time a record waited before its batch was handled: from its timestamp (Kafka: the producer's CreateTime; " +
        'Kinesis: approximate arrival) to the start of the handling that succeeded.',
      labelNames: ['stream'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'transport_dead_lettered_total',
      help: "Records sent to the stream's dead-letter stream, by reason.",
      labelNames: ['stream', 'reason'],
      registers,
    });
    this.retries = new Counter({
      name: 'transport_retries_total',
      help: 'Handler retries: transient (dependency down, retried without limit) or record (counted toward dead-lettering).',
      labelNames: ['stream', 'kind'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'transport_consumer_lag_records',
      help: 'Kafka: records not yet committed by this group, per partition.',
      labelNames: ['stream', 'partition'],
      registers,
    });
    this.millisBehindLatest = new Gauge({
      name: 'transport_millis_behind_latest',
      help: 'Kinesis: milliseconds the last batch read was behind the tip of its shard.',
      labelNames: ['stream', 'partition'],
      registers,
    });
  }
}
