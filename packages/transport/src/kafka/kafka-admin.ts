import type { Kafka } from 'kafkajs';

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
        admin.createTopics({
          topics: [{ topic, numPartitions: partitions, replicationFactor }],
          waitForLeaders: true,
        }),
      ),
    );
  } finally {
    await admin.disconnect();
  }
}
