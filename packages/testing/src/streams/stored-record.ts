/** One record as stored in a Kafka topic or Kinesis stream. */
export interface StoredRecord {
  /** Kafka partition or Kinesis shard id. */
  partition: string;
  key: string;
  value: Buffer;
  /** When it was appended: Kafka's message timestamp (the producer's send time), Kinesis's approximate arrival. */
  timestamp: Date;
}
