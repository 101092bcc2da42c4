import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class FeatureMetrics {
  /** Transactions older than their partition's watermark minus the allowed lateness. */
  readonly late: Counter;
  /** Transactions whose id the card's state already held (redeliveries and producer duplicates). */
  readonly duplicates: Counter;
  readonly computed: Counter;

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
    this.computed = new Counter({
      name: 'feature_engine_feature_vectors_total',
      help: 'Feature vectors computed.',
      registers,
    });
  }
}
