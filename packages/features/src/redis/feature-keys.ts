/**
 * Redis keys of the window state. Each entity's keys share one hash tag, so
 * Redis Cluster keeps them in one slot and each call touches one slot.
 * `namespace` (STREAM_PREFIX) lets two stacks share one Redis.
 */
export class FeatureKeys {
  constructor(private readonly namespace = '') {}

  /** The card's window state: its version and events (docs/window-features.md, "Who owns a card's state"). */
  card(cardToken: string): string {
    return `${this.namespace}fe:{c:${cardToken}}:w`;
  }

  /** The card's UTC days (docs/window-features.md, "Longer horizons"). */
  cardDays(cardToken: string): string {
    return `${this.namespace}fe:{c:${cardToken}}:h`;
  }

  merchantEvents(merchantId: string): string {
    return `${this.namespace}fe:{m:${merchantId}}:t`;
  }

  merchantFirstCounts(merchantId: string): string {
    return `${this.namespace}fe:{m:${merchantId}}:f`;
  }

  merchantMeta(merchantId: string): string {
    return `${this.namespace}fe:{m:${merchantId}}:n`;
  }

  /** The merchant's UTC days and confirmed frauds (docs/window-features.md, "Merchant fraud feedback"). */
  merchantDays(merchantId: string): string {
    return `${this.namespace}fe:{m:${merchantId}}:d`;
  }

  /** The stream's partitions' watermarks and the times of their last batches (one hash). */
  watermarks(stream: string): string {
    return `${this.namespace}fe:wms:${stream}`;
  }
}
