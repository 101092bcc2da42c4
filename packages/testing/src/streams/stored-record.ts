/** One record as stored in a Kafka topic or Kinesis stream. */
export interface StoredRecord {
  /** Kafka partition or Kinesis shard id. */
  partition: string;
  key: string;
  value: Buffer;
}
