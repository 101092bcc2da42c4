import type { InfraEndpoints } from '../infra-types.js';
import { tailKafkaTopics } from './tail-kafka-topics.js';
import { tailKinesisStreams } from './tail-kinesis-streams.js';
import type { StreamTail, TailedRecord } from './tailed-record.js';

/**
 * Tails existing streams of the stack on the given transport, from their
 * beginning: `onRecord` gets each record once, each partition in order,
 * with its append time, until the tail is stopped. `readStream` reads what
 * is there once; this keeps reading while a run goes on.
 */
export function tailStreams(
  transport: 'kafka' | 'kinesis',
  infra: Pick<InfraEndpoints, 'kafkaBrokers' | 'kinesisEndpoint' | 'awsRegion'>,
  streams: readonly string[],
  onRecord: (record: TailedRecord) => void,
): Promise<StreamTail> {
  return transport === 'kafka'
    ? tailKafkaTopics(infra.kafkaBrokers.split(','), streams, onRecord)
    : tailKinesisStreams(infra.kinesisEndpoint, infra.awsRegion, streams, onRecord);
}
