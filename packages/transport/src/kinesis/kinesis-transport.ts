import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import type { ConsumeOptions, StreamConsumer, StreamTransport } from '../stream-transport.js';
import { KclConsumer } from './kcl/kcl-consumer.js';
import { AWS_KCL_TIMINGS, LOCAL_KCL_TIMINGS, type KclTimings } from './kcl/multilang-properties.js';
import { createKinesisClient } from './kinesis-client.js';
import { KinesisPublisher } from './kinesis-publisher.js';
import { ensureKinesisStreams } from './kinesis-streams.js';

export interface KinesisTransportOptions {
  region: string;
  /** kinesis-local's plain HTTP endpoint; unset in AWS. */
  endpoint?: string | undefined;
  /** DynamoDB for the KCL lease tables (dynalite locally); unset in AWS. */
  dynamodbEndpoint?: string | undefined;
  /**
   * The Kinesis endpoint of the KCL daemon, `endpoint` by default. The
   * daemon's client speaks HTTP/2 with prior knowledge, never ALPN: that
   * works on kinesis-local's plain port (h2c) and in AWS, not on
   * kinesis-local's TLS port, which closes connections that negotiate no
   * protocol.
   */
  kclKinesisEndpoint?: string | undefined;
  /** A PEM certificate the daemon trusts when its endpoint is https with a private CA (and then it trusts only this one). */
  tlsCertFile?: string | undefined;
  logger: Logger;
  metrics: TransportMetrics;
  /** packages/transport/kcl/jars by default. */
  kclJarsDir?: string;
  /** The daemon's pause between reads of an idle shard: 250 ms against local endpoints, 500 ms in AWS by default. */
  idleTimeBetweenReadsMillis?: number;
}

/**
 * Amazon Kinesis Data Streams: PutRecords for publishing, a KCL application
 * member (Java's MultiLangDaemon, supervised by this process) per consume.
 */
export class KinesisTransport implements StreamTransport {
  readonly kind = 'kinesis';
  readonly publisher: KinesisPublisher;
  private readonly client: KinesisClient;
  private readonly options: KinesisTransportOptions;
  private readonly logger: Logger;
  private readonly timings: KclTimings;

  constructor(options: KinesisTransportOptions) {
    this.options = options;
    this.logger = options.logger.child({ transport: 'kinesis' });
    this.client = createKinesisClient({ region: options.region, endpoint: options.endpoint });
    this.publisher = new KinesisPublisher({ client: this.client, metrics: options.metrics, logger: this.logger });
    const local = isSet(options.endpoint) || isSet(options.kclKinesisEndpoint);
    const timings = local ? LOCAL_KCL_TIMINGS : AWS_KCL_TIMINGS;
    this.timings = {
      ...timings,
      idleTimeBetweenReadsMillis: options.idleTimeBetweenReadsMillis ?? timings.idleTimeBetweenReadsMillis,
    };
  }

  ensureStreams(streams: readonly string[], partitions: number): Promise<void> {
    return ensureKinesisStreams(this.client, streams, partitions);
  }

  consumer(options: ConsumeOptions): StreamConsumer {
    return new KclConsumer({
      consume: options,
      region: this.options.region,
      kinesisEndpoint: isSet(this.options.kclKinesisEndpoint) ? this.options.kclKinesisEndpoint : this.options.endpoint,
      dynamodbEndpoint: this.options.dynamodbEndpoint,
      tlsCertFile: this.options.tlsCertFile,
      logger: this.logger,
      metrics: this.options.metrics,
      jarsDir: this.options.kclJarsDir,
      timings: this.timings,
    });
  }

  /** PutRecords needs no connection: the client connects on first use. */
  connect(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
