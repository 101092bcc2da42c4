import { encodeEvent, type FraudScore } from '@fraud/contracts';
import type { StreamPublisher } from '@fraud/transport';

/** Publishes the scores in order, keyed by card token, and resolves once the transport has them. */
export async function publishScores(
  publisher: StreamPublisher,
  stream: string,
  scores: readonly FraudScore[],
): Promise<void> {
  await publisher.publish(
    stream,
    scores.map((score) => ({ key: score.cardToken, value: encodeEvent(score) })),
  );
}
