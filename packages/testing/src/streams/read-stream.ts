import type { InfraEndpoints } from '../infra-types.js';
import { readKafkaTopic } from './read-kafka-topic.js';
import { readKinesisStream } from './read-kinesis-stream.js';
import type { StoredRecord } from './stored-record.js';

/** Every record in the stream right now, on the given transport of the test stack. */
export function readStream(
  transport: 'kafka' | 'kinesis',
  infra: Pick<InfraEndpoints, 'kafkaBrokers' | 'kinesisEndpoint' | 'awsRegion'>,
  stream: string,
): Promise<StoredRecord[]> {
  return transport === 'kafka'
    ? readKafkaTopic(infra.kafkaBrokers.split(','), stream)
    : readKinesisStream(infra.kinesisEndpoint, infra.awsRegion, stream);
}
