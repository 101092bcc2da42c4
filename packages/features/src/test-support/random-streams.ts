import { createHash } from 'node:crypto';

import type { Transaction } from '@fraud/contracts';
import fc from 'fast-check';

import type { WindowConfig } from '../window/window-config.js';

/** What can happen next in a randomized run of the engine. */
export type StreamOp =
  | {
      kind: 'transaction';
      card: number;
      hot: boolean;
      merchant: number;
      city: number;
      jitter: [number, number];
      amount: number;
      stepMs: number;
      skew: number | null;
      cardNotPresent: boolean;
    }
  /** The producer publishes an earlier transaction again (a new record with the same transactionId). */
  | { kind: 'duplicate'; back: number }
  /** A bank's case system confirms an earlier transaction as fraud (repeats included). */
  | { kind: 'confirm'; back: number }
  /** Event time jumps ahead by hours or days, so the day horizons fill and roll over. */
  | { kind: 'days'; skipMs: number }
  /** The consumer handles the next records of a partition and commits them. */
  | { kind: 'batch'; partition: number; size: number }
  /** …or handles them and dies before committing: they will be redelivered. */
  | { kind: 'crash'; partition: number; size: number; persistedWatermark: boolean }
  /**
   * The consumer catches up, handles the last `crashTail` records of each
   * partition without committing them and dies; nothing happens for longer
   * than the state TTL (every key with a TTL expires); then it restarts and
   * those records are redelivered.
   */
  | { kind: 'gap'; crashTail: number; persistedWatermark: boolean };

export const PARTITIONS = 3;
const CARDS = 40;
const MERCHANTS = 60;
const HOT_MERCHANTS = 3;

const CITIES: readonly { lat: number; lon: number; country: string }[] = [
  { lat: 38.7223, lon: -9.1393, country: 'PT' },
  { lat: 41.1579, lon: -8.6291, country: 'PT' },
  { lat: 40.4168, lon: -3.7038, country: 'ES' },
  { lat: 48.8566, lon: 2.3522, country: 'FR' },
  { lat: 51.5074, lon: -0.1278, country: 'GB' },
  { lat: 40.7128, lon: -74.006, country: 'US' },
  { lat: -33.8688, lon: 151.2093, country: 'AU' },
];

/** Operations of one run: mostly new transactions, about 10% redeliveries, confirmed frauds, some day jumps, crashes and idle gaps. */
export function streamOps(config: WindowConfig): fc.Arbitrary<StreamOp[]> {
  const transaction = fc.record({
    kind: fc.constant('transaction' as const),
    card: fc.integer({ min: 0, max: CARDS - 1 }),
    hot: fc.boolean(),
    merchant: fc.integer({ min: 0, max: MERCHANTS - 1 }),
    city: fc.integer({ min: 0, max: CITIES.length - 1 }),
    jitter: fc.tuple(fc.double({ min: -0.3, max: 0.3, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })),
    amount: fc.integer({ min: 1, max: 250_000 }),
    stepMs: fc.integer({ min: 0, max: 20_000 }),
    // Out of order: mostly within the allowed lateness, some beyond it.
    skew: fc.option(fc.integer({ min: 1, max: Math.round(config.allowedLatenessMs * 1.4) }), { freq: 6 }),
    cardNotPresent: fc.boolean(),
  });
  const op: fc.Arbitrary<StreamOp> = fc.oneof(
    { weight: 60, arbitrary: transaction },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('duplicate' as const), back: fc.integer({ min: 0, max: 300 }) }),
    },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('confirm' as const), back: fc.integer({ min: 0, max: 2000 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('days' as const),
        skipMs: fc.integer({ min: 3_600_000, max: 12 * 86_400_000 }),
      }),
    },
    {
      weight: 14,
      arbitrary: fc.record({
        kind: fc.constant('batch' as const),
        partition: fc.integer({ min: 0, max: PARTITIONS - 1 }),
        size: fc.integer({ min: 1, max: 40 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('crash' as const),
        partition: fc.integer({ min: 0, max: PARTITIONS - 1 }),
        size: fc.integer({ min: 1, max: 40 }),
        persistedWatermark: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('gap' as const),
        crashTail: fc.integer({ min: 0, max: 12 }),
        persistedWatermark: fc.boolean(),
      }),
    },
  );
  return fc.array(op, { minLength: 200, maxLength: 1200 });
}

export function cardToken(card: number): string {
  return createHash('sha256').update(`card-${card}`).digest('hex');
}

export function partitionOf(transaction: Transaction): number {
  return Number.parseInt(transaction.cardToken.slice(0, 8), 16) % PARTITIONS;
}

/** Builds the transaction of an op; `clockMs` is the run's clock, advanced by the caller. */
export function transactionOf(
  op: Extract<StreamOp, { kind: 'transaction' }>,
  id: string,
  clockMs: number,
): Transaction {
  const city = CITIES[op.city % CITIES.length] ?? CITIES[0];
  if (city === undefined) throw new Error('no cities');
  return {
    schemaVersion: 1,
    transactionId: id,
    cardToken: cardToken(op.card),
    merchantId: op.hot ? `hot-${op.merchant % HOT_MERCHANTS}` : `m-${op.merchant}`,
    amountMinor: op.amount,
    currency: 'EUR',
    timestamp: new Date(clockMs - (op.skew ?? 0)).toISOString(),
    location: { lat: city.lat + op.jitter[0], lon: city.lon + op.jitter[1], country: city.country },
    channel: op.cardNotPresent ? 'card_not_present' : 'card_present',
  };
}
