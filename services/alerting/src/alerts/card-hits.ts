import type { FraudScore } from '@fraud/contracts';

/** One flagged score of a batch and where its record sits. */
interface Hit {
  readonly position: string;
  readonly score: FraudScore;
}

/**
 * The flagged scores of one consumed batch, by card in partition order, so
 * the first record of a card applies all of the card's hits of the batch at
 * once, and its later records find them handled. A card's records run one
 * after another (the transport handles each key in order), so no two
 * handlers claim the same card at once.
 */
export class CardHits {
  private readonly byCard = new Map<string, Hit[]>();
  /** How many of each card's hits are handled (a prefix: they are handled in order). */
  private readonly handled = new Map<string, number>();

  constructor(records: readonly { readonly position: string }[], events: readonly (FraudScore | undefined)[]) {
    records.forEach((record, index) => {
      const score = events[index];
      if (score === undefined || score.decision === 'allow') return;
      const hits = this.byCard.get(score.cardToken) ?? [];
      hits.push({ position: record.position, score });
      this.byCard.set(score.cardToken, hits);
    });
  }

  /** The card's hits of the batch from this record's on, none if an earlier record of the card handled them. */
  pendingFrom(score: FraudScore, position: string): FraudScore[] {
    const hits = this.byCard.get(score.cardToken) ?? [];
    const index = hits.findIndex((hit) => hit.position === position);
    if (index < 0) return [score];
    if (index < (this.handled.get(score.cardToken) ?? 0)) return [];
    return hits.slice(index).map((hit) => hit.score);
  }

  /** Records that the card's hits of the batch are all handled, once this record's hit (not an `allow`) was. */
  markHandled(score: FraudScore, position: string): void {
    const hits = this.byCard.get(score.cardToken) ?? [];
    if (hits.some((hit) => hit.position === position)) this.handled.set(score.cardToken, hits.length);
  }
}
