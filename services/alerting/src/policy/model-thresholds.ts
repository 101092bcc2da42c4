/** The operating thresholds of the model the scores come from (model/artifacts/model-manifest.json). */
export interface ModelThresholds {
  readonly modelVersion: string;
  /** A score at or above this is flagged for review. */
  readonly review: number;
  /** A score at or above this is blocked. */
  readonly block: number;
}
