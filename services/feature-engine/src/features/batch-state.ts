import type { TransactionFeatures } from '@fraud/contracts';

/** What one batch of `transactions` carries from its `before` hook, through its records, to its `after` hook. */
export class TransactionBatchState {
  /** The feature vectors, in the order they were computed (each card's in partition order). */
  readonly outputs: TransactionFeatures[] = [];

  constructor(
    /** The partition's watermark before each valid record, by position. */
    private readonly watermarks: ReadonlyMap<string, number | undefined>,
    /** The partition's watermark after the batch. */
    readonly endWatermark: number | undefined,
    /** The cards and merchants the batch's valid records touch. */
    readonly touched: readonly { cardToken: string; merchantId: string }[],
  ) {}

  watermarkBefore(position: string): number | undefined {
    return this.watermarks.get(position);
  }
}
