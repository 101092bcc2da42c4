import { retry } from '@fraud/resilience';
import type { Kafka } from 'kafkajs';

// A broker may answer "does not host this topic-partition" for a moment after
// it created the topic, while its metadata catches up.
const NEW_TOPIC_ATTEMPTS = 15;

function isUnknownTopic(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/**
 * Creates the topics that do not exist yet with `partitions` partitions,
 * replicated to three brokers or as many as the cluster has. Existing topics
 * are left as they are. Returns once every new partition has a leader, so a
 * producer or consumer can use them at once.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], partitions: number): Promise<void> {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`partitions must be a positive integer, got ${partitions}`);
  }
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    const { brokers } = await admin.describeCluster();
    const replicationFactor = Math.min(3, brokers.length);
    // One request per topic: another instance may create some of them
    // meanwhile, and kafkajs answers TOPIC_ALREADY_EXISTS in a request with
    // `false` without waiting for the leaders of the request's other topics.
    await Promise.all(
      missing.map((topic) =>
        admin
          .createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor }], waitForLeaders: true })
          .catch((error: unknown) => {
            if (!isUnknownTopic(error)) throw error;
          }),
      ),
    );
    // Whether kafkajs waited or not (it does not after TOPIC_ALREADY_EXISTS,
    // nor retry the broker's brief "unknown topic"), every new partition must
    // have a leader before anyone produces or consumes.
    await retry(
      async () => {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: missing });
        const led = described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (!led) throw new Error(`topics ${missing.join(', ')} have partitions without a leader yet`);
      },
      { maxAttempts: NEW_TOPIC_ATTEMPTS, backoff: { initialMs: 50, maxMs: 1_000, multiplier: 2 } },
    );
  } finally {
    await admin.disconnect();
  }
}
