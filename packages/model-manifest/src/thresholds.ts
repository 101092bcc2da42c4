/** A model's operating thresholds: a score at or above `review` is reviewed, at or above `block` blocked. */
export interface Thresholds {
  readonly review: number;
  readonly block: number;
}

/**
 * Thresholds with the model version they were chosen for: another model's
 * scores (or the fallback rules') are on another scale, where they mean nothing.
 */
export interface ModelThresholds extends Thresholds {
  readonly modelVersion: string;
}
