import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class FeatureMetrics {
  /** Transactions older than their partition's watermark minus the allowed lateness. */
  readonly late: Counter;
  /** Transactions whose id the card's state already held (redeliveries and producer duplicates). */
  readonly duplicates: Counter;
  readonly computed: Counter;
  /** Confirmed frauds read, by whether they were counted for their merchant. */
  readonly confirmations: Counter<'outcome'>;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.late = new Counter({
      name: 'feature_engine_late_transactions_total',
      help: 'Transactions later than the allowed lateness: scored over the current state, which they do not change.',
      registers,
    });
    this.duplicates = new Counter({
      name: 'feature_engine_duplicate_transactions_total',
      help: 'Transactions seen before on their card: emitted again with their first features.',
      registers,
    });
    this.confirmations = new Counter({
      name: 'feature_engine_fraud_confirmations_total',
      help: 'Confirmed frauds read from fraud-confirmations: counted, or not (a repeat, or its day older than the merchant days kept).',
      labelNames: ['outcome'],
      registers,
    });
    this.computed = new Counter({
      name: 'feature_engine_feature_vectors_total',
      help: 'Feature vectors computed.',
      registers,
    });
  }
}
