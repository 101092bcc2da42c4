import { createHash, randomUUID } from 'node:crypto';

import { exampleTransaction, type Transaction } from '@fraud/contracts';

import { OnlineWindows, type WindowStep } from '../online/online-windows.js';
import { FeatureKeys } from '../redis/feature-keys.js';
import type { FeatureRedis } from '../redis/load-feature-library.js';
import { RedisWindowStore } from '../redis/redis-window-store.js';
import { NO_REPLICA_ACKS, type ReplicaAcks } from '../redis/replica-acks.js';
import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';

const START = Date.parse('2026-03-01T12:00:00.000Z');
export const SPREAD_PARTITIONS = 3;
const CARDS_PER_PARTITION = 20;
const MERCHANTS = 7;

/** One consumed batch: a partition's next transactions. */
export interface PartitionBatch {
  readonly partition: string;
  readonly transactions: Transaction[];
}

/**
 * Batches of 3 partitions: 60 cards (20 a partition) over 7 merchants, each
 * card every minute, so that their hash slots fall on every primary of a
 * cluster. Minute after minute, from `offset`; a card's `n`th batch counts it
 * `n` times.
 */
export function spreadBatches(minutes: number, offset = 0): PartitionBatch[] {
  const out: PartitionBatch[] = [];
  for (let minute = offset; minute < offset + minutes; minute++) {
    for (let partition = 0; partition < SPREAD_PARTITIONS; partition++) {
      out.push({
        partition: String(partition),
        transactions: Array.from({ length: CARDS_PER_PARTITION }, (_, n) => {
          const card = partition * CARDS_PER_PARTITION + n;
          return {
            ...exampleTransaction,
            transactionId: randomUUID(),
            cardToken: createHash('sha256').update(`cluster-card-${card}`).digest('hex'),
            merchantId: `cluster-merchant-${(card + minute) % MERCHANTS}`,
            timestamp: new Date(START + minute * 60_000 + card * 100).toISOString(),
            amountMinor: 1_000 + card + minute,
          };
        }),
      });
    }
  }
  return out;
}

/** The engine's window state over `redis` (and `lanes`, as the feature engine steps over several connections). */
export function windowsOn(
  redis: FeatureRedis,
  namespace: string,
  lanes: readonly FeatureRedis[] = [redis],
  replicaAcks: ReplicaAcks = NO_REPLICA_ACKS,
): OnlineWindows {
  const store = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys(namespace), lanes, replicaAcks);
  return new OnlineWindows(store, { cachedCards: 1_000, partitionIdleMs: 60_000 });
}

/**
 * What the feature engine's consumer does with a batch: steps it, publishes
 * (hands `publish` the steps), then settles it. Resolves with the steps.
 */
export async function stepAndSettle(
  windows: OnlineWindows,
  { partition, transactions }: PartitionBatch,
  publish: (steps: readonly WindowStep[]) => void = () => undefined,
): Promise<WindowStep[]> {
  const records = transactions.map((transaction) => ({ transaction }));
  const stepped = await windows.step('transactions', partition, records);
  publish(stepped.steps);
  await windows.settle('transactions', partition, records, stepped);
  return stepped.steps;
}

/** Plays the batches through a new engine's window state on `redis`, settling each: every step, in order. */
export async function playBatches(
  redis: FeatureRedis,
  namespace: string,
  input: readonly PartitionBatch[],
): Promise<WindowStep[]> {
  const windows = windowsOn(redis, namespace);
  const steps: WindowStep[] = [];
  for (const batch of input) steps.push(...(await stepAndSettle(windows, batch)));
  return steps;
}
