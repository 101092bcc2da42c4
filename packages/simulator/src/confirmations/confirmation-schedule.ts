import type { FraudConfirmation, Transaction } from '@fraud/contracts';

/** What a confirmation is made of: a tokenised Transaction has all of it. */
export type ConfirmedTransaction = Pick<Transaction, 'transactionId' | 'cardToken' | 'merchantId' | 'timestamp'>;

interface Pending {
  readonly dueAtMs: number;
  readonly confirmation: FraudConfirmation;
}

/** Taken entries kept before the array is compacted: rare copies, bounded waste. */
const COMPACT_AFTER = 4_096;

/**
 * The confirmations of a simulation's frauds, each `delayMs` after its
 * transaction, as a bank's case system reports investigations and
 * chargebacks. Pure: the caller passes simulated time in.
 *
 * Transactions are added in event-time order and the delay is constant, so
 * confirmations fall due in the order they were added: a FIFO read from a
 * head index, compacted now and then, does it. An add out of order is
 * inserted in its place, so none is ever returned early.
 */
export class ConfirmationSchedule {
  private pending: Pending[] = [];
  private head = 0;

  constructor(private readonly delayMs: number) {
    // Whole milliseconds: `confirmedAt` is written to the millisecond, and must be exactly timestamp + delay.
    if (!Number.isSafeInteger(delayMs) || delayMs <= 0) {
      throw new RangeError(`delayMs must be a positive integer, got ${delayMs}`);
    }
  }

  /** Confirmations not yet taken. */
  get size(): number {
    return this.pending.length - this.head;
  }

  /** Queues the confirmation of a fraudulent transaction. */
  add(transaction: ConfirmedTransaction): void {
    const dueAtMs = Date.parse(transaction.timestamp) + this.delayMs;
    const entry: Pending = {
      dueAtMs,
      confirmation: {
        schemaVersion: 1,
        transactionId: transaction.transactionId,
        cardToken: transaction.cardToken,
        merchantId: transaction.merchantId,
        timestamp: transaction.timestamp,
        confirmedAt: new Date(dueAtMs).toISOString(),
      },
    };
    const last = this.pending.at(-1);
    if (last === undefined || last.dueAtMs <= dueAtMs) this.pending.push(entry);
    else this.pending.splice(this.insertionIndex(dueAtMs), 0, entry);
  }

  /** The confirmations due by `simulatedTimeMs` (confirmedAt at or before it), oldest first; they are removed. */
  takeDue(simulatedTimeMs: number): FraudConfirmation[] {
    let end = this.head;
    for (; end < this.pending.length; end++) {
      const entry = this.pending[end];
      if (entry === undefined || entry.dueAtMs > simulatedTimeMs) break;
    }
    const due = this.pending.slice(this.head, end).map((entry) => entry.confirmation);
    this.head = end;
    this.compact();
    return due;
  }

  /** After every pending entry due at or before `dueAtMs`, so equal times keep the order they were added in. */
  private insertionIndex(dueAtMs: number): number {
    let low = this.head;
    let high = this.pending.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.pending[middle];
      if (entry !== undefined && entry.dueAtMs <= dueAtMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private compact(): void {
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }
}
