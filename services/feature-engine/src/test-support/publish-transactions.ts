import { setTimeout as sleep } from 'node:timers/promises';

import type { Transaction } from '@fraud/contracts';
import type { StreamPublisher } from '@fraud/transport';

export interface Pacing {
  /** Records per publish call. */
  chunk: number;
  /** Pause after each call: load that keeps arriving while a test acts on the service. */
  pauseMs?: number;
}

/**
 * Publishes the transactions in order, keyed by card token, one chunk after
 * another: each card's records keep their order. Resolves with the count
 * once all are durably accepted.
 */
export async function publishTransactions(
  publisher: StreamPublisher,
  stream: string,
  transactions: readonly Transaction[],
  pacing: Pacing,
): Promise<number> {
  for (let i = 0; i < transactions.length; i += pacing.chunk) {
    const chunk = transactions.slice(i, i + pacing.chunk);
    await publisher.publish(
      stream,
      chunk.map((t) => ({ key: t.cardToken, value: Buffer.from(JSON.stringify(t)) })),
    );
    if (pacing.pauseMs !== undefined && i + pacing.chunk < transactions.length) await sleep(pacing.pauseMs);
  }
  return transactions.length;
}
