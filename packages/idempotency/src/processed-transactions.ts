import type { Cluster, Redis } from 'ioredis';

/** A transaction a consumer has handled, found again by its card. */
export interface ProcessedKey {
  readonly cardToken: string;
  readonly transactionId: string;
}

export interface ProcessedTransactionsOptions {
  /** Names whose record this is (e.g. `inference`), so two consumers keep apart. */
  readonly scope: string;
  /** STREAM_PREFIX: lets two stacks share one Redis. */
  readonly namespace?: string;
  /**
   * How long a card's record lives after its last transaction. A redelivery
   * later than this is handled again; choose it longer than any redelivery
   * (window + allowed lateness + slack makes a redelivered transaction late anyway).
   */
  readonly ttlSeconds: number;
}

/**
 * The transactions a consumer has already handled, one Redis set per card
 * (not a key per transaction id: a set of a card's few recent ids costs tens
 * of bytes each, and expires with the card's quiet period). All keys of a
 * card share its hash tag, so Redis Cluster works.
 *
 * Mark after the outputs are published and before the offsets are committed:
 * a crash in between publishes again (at least once), never loses one.
 */
export class ProcessedTransactions {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: ProcessedTransactionsOptions,
  ) {
    this.prefix = `${options.namespace ?? ''}${options.scope}:done:`;
  }

  key(cardToken: string): string {
    return `${this.prefix}{c:${cardToken}}`;
  }

  /** Whether each entry was marked already, in the entries' order. */
  async wereProcessed(entries: readonly ProcessedKey[]): Promise<boolean[]> {
    const byCard = groupByCard(entries);
    const answers = await Promise.all(
      [...byCard].map(([cardToken, ids]) => this.redis.smismember(this.key(cardToken), ...ids)),
    );
    const seen = new Set<string>();
    [...byCard].forEach(([cardToken, ids], index) => {
      ids.forEach((id, position) => {
        if (answers[index]?.[position] === 1) seen.add(`${cardToken}\u0000${id}`);
      });
    });
    return entries.map((entry) => seen.has(`${entry.cardToken}\u0000${entry.transactionId}`));
  }

  /** Records the entries as handled; each card's record lives `ttlSeconds` from now. */
  async markProcessed(entries: readonly ProcessedKey[]): Promise<void> {
    if (entries.length === 0) return;
    // One round trip per node (auto-pipelined): a cluster takes no pipeline across nodes.
    await Promise.all(
      [...groupByCard(entries)].map(async ([cardToken, ids]) => {
        const key = this.key(cardToken);
        // Queued together on one connection: Redis runs them in this order.
        await Promise.all([this.redis.sadd(key, ...ids), this.redis.expire(key, this.options.ttlSeconds)]);
      }),
    );
  }
}

function groupByCard(entries: readonly ProcessedKey[]): Map<string, string[]> {
  const byCard = new Map<string, string[]>();
  for (const { cardToken, transactionId } of entries) {
    const ids = byCard.get(cardToken);
    if (ids) ids.push(transactionId);
    else byCard.set(cardToken, [transactionId]);
  }
  return byCard;
}
