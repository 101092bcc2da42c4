import type { FeatureMatrix } from '../payload/feature-matrix.js';

/** What the endpoint needs of a model: its feature order, and one score per row. */
export interface Scorer {
  readonly modelVersion: string;
  readonly featureNames: readonly string[];
  /** Scores every row in one call to the model; the result has one score per row, in order. */
  score(matrix: FeatureMatrix): Promise<Float32Array>;
}

/** Injection token of the loaded model. */
export const SCORER = Symbol('SCORER');
