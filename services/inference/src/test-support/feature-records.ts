import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Transaction, TransactionFeatures } from '@fraud/contracts';
import { ReferenceFeatureEngine } from '@fraud/features';
import { Random, simulate, simulationConfig } from '@fraud/simulator';
import type { StreamPublisher } from '@fraud/transport';

/**
 * `count` feature records as the feature engine emits them: the simulator's
 * transactions (genuine and fraud), each card number hashed into a token,
 * through the offline reference of the window features, in event-time order.
 */
export function featureRecords(seed: number, count: number): TransactionFeatures[] {
  const engine = new ReferenceFeatureEngine();
  const records: TransactionFeatures[] = [];
  for (const { transaction, pan } of simulate(simulationConfig({ seed, customers: 300, merchants: 150 }), 30)) {
    if (records.length >= count) break;
    const full: Transaction = { ...transaction, cardToken: createHash('sha256').update(pan).digest('hex') };
    const { features, late } = engine.process(full);
    records.push({
      schemaVersion: 1,
      transactionId: full.transactionId,
      cardToken: full.cardToken,
      timestamp: full.timestamp,
      transaction: full,
      features,
      late,
      computedAt: new Date().toISOString(),
    });
  }
  return records;
}

/**
 * The records with about `share` of them repeated right after a random
 * earlier one: a redelivery, sometimes in the same batch as the first copy.
 */
export function withRepeats(
  records: readonly TransactionFeatures[],
  share: number,
  seed: number,
): TransactionFeatures[] {
  const random = Random.for(seed, 'inference-repeats');
  const out: TransactionFeatures[] = [];
  for (const record of records) {
    out.push(record);
    const earlier = out[random.integer(out.length)];
    if (random.next() < share && earlier !== undefined) out.push(earlier);
  }
  return out;
}

/**
 * Publishes the records keyed by card token, `chunk` per call, each card's
 * in order; with `pauseMs` between calls, for load that keeps arriving.
 */
export async function publishFeatureRecords(
  publisher: StreamPublisher,
  stream: string,
  records: readonly TransactionFeatures[],
  pacing: { chunk: number; pauseMs?: number } = { chunk: 200 },
): Promise<void> {
  for (let i = 0; i < records.length; i += pacing.chunk) {
    if (i > 0 && pacing.pauseMs !== undefined) await sleep(pacing.pauseMs);
    await publisher.publish(
      stream,
      records
        .slice(i, i + pacing.chunk)
        .map((record) => ({ key: record.cardToken, value: Buffer.from(JSON.stringify(record)) })),
    );
  }
}
