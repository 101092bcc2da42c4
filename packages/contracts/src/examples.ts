import type { DeadLetter } from './events/dead-letter.js';
import type { FraudAlert } from './events/fraud-alert.js';
import type { FraudConfirmation } from './events/fraud-confirmation.js';
import type { FraudScore } from './events/fraud-score.js';
import type { Label } from './events/label.js';
import type { TransactionFeatures } from './events/transaction-features.js';
import type { Transaction } from './events/transaction.js';
import type { IngestRequest } from './ingest/ingest-request.js';
import type { IngestTransaction } from './ingest/ingest-transaction.js';

/**
 * One valid, synthetic example of every contract, with every optional field
 * set: documentation for implementers and the base of the contract tests.
 * No example event holds a card number; only the ingest examples do, and
 * they use the public Visa test number.
 */

/** HMAC-SHA256 of 4111111111111111 under the key "example-key-not-a-secret". */
const exampleCardToken = '510cf24c0b67e5daeae89f84046cf8bac262f129e5245bc63fa4efa22686dd8f';

export const exampleTransaction: Transaction = {
  schemaVersion: 1,
  transactionId: 'txn-0001',
  cardToken: exampleCardToken,
  cardBin: '411111',
  cardLast4: '1111',
  merchantId: 'merchant-042',
  merchantCategoryCode: '5411',
  amountMinor: 4599,
  currency: 'EUR',
  timestamp: '2026-11-22T10:15:30.123Z',
  location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
  channel: 'card_present',
};

export const exampleTransactionFeatures: TransactionFeatures = {
  schemaVersion: 1,
  transactionId: exampleTransaction.transactionId,
  cardToken: exampleTransaction.cardToken,
  timestamp: exampleTransaction.timestamp,
  transaction: exampleTransaction,
  features: {
    card_txn_count_10m: 2,
    card_amount_sum_10m: 6598,
    card_amount_avg_10m: 3299,
    card_amount_max_10m: 4599,
    card_distinct_merchants_10m: 2,
    card_distinct_countries_10m: 1,
    card_max_distance_km_10m: 2.75,
    merchant_txn_count_10m: 17,
    card_txn_count_24h: 5,
  },
  late: false,
  computedAt: '2026-11-22T10:15:30.187Z',
};

export const exampleFraudScore: FraudScore = {
  schemaVersion: 1,
  transactionId: exampleTransaction.transactionId,
  cardToken: exampleTransaction.cardToken,
  timestamp: exampleTransaction.timestamp,
  score: 0.87,
  decision: 'review',
  source: 'model',
  modelVersion: 'xgboost-2026-11-01',
  transaction: exampleTransaction,
  features: exampleTransactionFeatures.features,
};

export const exampleFraudAlert: FraudAlert = {
  schemaVersion: 1,
  alertId: 'alert-0001',
  cardToken: exampleTransaction.cardToken,
  transactionIds: [exampleTransaction.transactionId],
  severity: 'review',
  score: 0.87,
  reasons: ['score 0.87 at or above the review threshold 0.7'],
  createdAt: '2026-11-22T10:15:30.301Z',
};

export const exampleLabel: Label = {
  schemaVersion: 1,
  transactionId: exampleTransaction.transactionId,
  cardToken: exampleTransaction.cardToken,
  isFraud: false,
  scenario: 'legit',
};

export const exampleFraudConfirmation: FraudConfirmation = {
  schemaVersion: 1,
  transactionId: exampleTransaction.transactionId,
  cardToken: exampleTransaction.cardToken,
  merchantId: exampleTransaction.merchantId,
  timestamp: exampleTransaction.timestamp,
  confirmedAt: '2026-11-24T09:00:00.000Z',
};

export const exampleDeadLetter: DeadLetter = {
  schemaVersion: 1,
  sourceStream: 'transactions',
  partition: '0',
  position: '1042',
  partitionKey: exampleTransaction.cardToken,
  error: 'invalid Transaction: amountMinor: expected a positive integer',
  payloadBase64: Buffer.from(JSON.stringify({ ...exampleTransaction, amountMinor: -1 })).toString('base64'),
  failedAt: '2026-11-22T10:15:31.002Z',
  attempts: 1,
};

export const exampleIngestTransaction: IngestTransaction = {
  pan: '4111111111111111',
  transactionId: 'txn-0001',
  timestamp: '2026-11-22T10:15:30.123Z',
  merchantId: 'merchant-042',
  merchantCategoryCode: '5411',
  amountMinor: 4599,
  currency: 'EUR',
  location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
  channel: 'card_present',
};

export const exampleIngestRequest: IngestRequest = {
  transactions: [
    exampleIngestTransaction,
    {
      pan: '4242424242424242',
      merchantId: 'merchant-977',
      amountMinor: 120000,
      currency: 'USD',
      location: { lat: 40.7128, lon: -74.006, country: 'US' },
      channel: 'card_not_present',
    },
  ],
};

/** Every contract's example, by contract name. */
export const EXAMPLES = {
  Transaction: exampleTransaction,
  TransactionFeatures: exampleTransactionFeatures,
  FraudScore: exampleFraudScore,
  FraudAlert: exampleFraudAlert,
  Label: exampleLabel,
  FraudConfirmation: exampleFraudConfirmation,
  DeadLetter: exampleDeadLetter,
  IngestTransaction: exampleIngestTransaction,
  IngestRequest: exampleIngestRequest,
} as const;
