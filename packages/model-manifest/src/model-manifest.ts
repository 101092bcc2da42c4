import type { Thresholds } from './thresholds.js';

/**
 * What deciding on a score needs of the manifest: the model's version, its
 * feature order and its operating thresholds. None of them is restated in
 * code, so a retrained model with other features or thresholds needs no code change.
 */
export interface ModelManifest {
  /** 1 to 128 characters, as a FraudScore carries it. */
  readonly modelVersion: string;
  /** The columns of every row the model scores, in order, none repeated. */
  readonly featureNames: readonly string[];
  readonly thresholds: Thresholds;
}

/** How to call the ONNX graph (`artifacts["model.onnx"]` in the manifest). */
export interface OnnxArtifact {
  /** SHA-256 of model.onnx in lower-case hex: the model the manifest was written for. */
  readonly sha256: string;
  /** Name of the graph input, float32 [rows, featureNames.length]. */
  readonly input: string;
  /** Name of the output holding the scores, float32 [rows, classes]. */
  readonly scoreOutput: string;
  /** The column of scoreOutput that is the fraud score. */
  readonly scoreColumn: number;
}

/**
 * What serving the ONNX model needs of the manifest: its version, feature
 * order and graph signature. Serving answers scores, never decisions, so
 * thresholds are not asked for.
 */
export interface OnnxModelManifest {
  readonly modelVersion: string;
  readonly featureNames: readonly string[];
  readonly onnx: OnnxArtifact;
}
