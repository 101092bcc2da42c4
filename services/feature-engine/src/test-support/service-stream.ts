import { createHash } from 'node:crypto';

import type { Transaction } from '@fraud/contracts';
import { Random } from '@fraud/simulator';

const CITIES = [
  { lat: 38.7223, lon: -9.1393, country: 'PT' },
  { lat: 40.4168, lon: -3.7038, country: 'ES' },
  { lat: 48.8566, lon: 2.3522, country: 'FR' },
  { lat: 52.52, lon: 13.405, country: 'DE' },
];

export interface ServiceStreamOptions {
  /**
   * Merchants shared by every card (counts then depend on the order of
   * the partitions' batches). By default each merchant serves one card,
   * so merchant counts do not depend on how the engine interleaves partitions.
   */
  sharedMerchants?: number;
  /** Mean milliseconds of event time between transactions; 200 by default. */
  meanGapMs?: number;
}

/**
 * A stream for the running service: `cards` cards in publish order, about
 * 10% repeated records (a redelivered or re-published transaction),
 * timestamps out of order within the allowed lateness and some beyond it.
 */
export function serviceStream(
  seed: number,
  count: number,
  cards: number,
  latenessMs: number,
  options: ServiceStreamOptions = {},
): Transaction[] {
  const random = Random.for(seed, 'feature-engine-service-stream');
  const start = Date.parse('2026-04-01T08:00:00.000Z');
  const records: Transaction[] = [];
  let clock = start;
  for (let n = 0; records.length < count; n++) {
    const repeated = records.length > 10 && random.next() < 0.1 ? records[random.integer(records.length)] : undefined;
    if (repeated !== undefined) {
      records.push(repeated);
      continue;
    }
    clock += Math.floor(random.next() * 2 * (options.meanGapMs ?? 200));
    const card = Math.floor(random.next() * cards);
    const roll = random.next();
    // Mostly in order; some within the allowed lateness; a few beyond it.
    const skew =
      roll < 0.8
        ? 0
        : roll < 0.97
          ? Math.floor(random.next() * latenessMs)
          : latenessMs + 1 + Math.floor(random.next() * latenessMs);
    const city = CITIES[Math.floor(random.next() * CITIES.length)] ?? CITIES[0];
    if (city === undefined) throw new Error('no cities');
    records.push({
      schemaVersion: 1,
      transactionId: `svc-${seed}-${n}`,
      cardToken: createHash('sha256').update(`service-card-${seed}-${card}`).digest('hex'),
      merchantId:
        options.sharedMerchants === undefined
          ? `m-${card}-${Math.floor(random.next() * 3)}`
          : `shared-${Math.floor(random.next() * options.sharedMerchants)}`,
      amountMinor: 1 + Math.floor(random.next() * 50_000),
      currency: 'EUR',
      timestamp: new Date(clock - skew).toISOString(),
      location: { lat: city.lat + random.next() / 10, lon: city.lon + random.next() / 10, country: city.country },
      channel: random.next() < 0.3 ? 'card_not_present' : 'card_present',
    });
  }
  return records;
}
