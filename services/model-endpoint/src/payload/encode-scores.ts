import type { PayloadFormat } from './payload-format.js';

/**
 * The answer body in SageMaker's built-in XGBoost container's formats:
 * text/csv is one score per line, each ending in a newline; application/json
 * is `{"predictions": [{"score": s}, ...]}`. Each score is the model's
 * float32 widened to a double, written as Python writes xgboost's scores.
 */
export function encodeScores(scores: Float32Array, format: PayloadFormat): string {
  const values = Array.from(scores);
  if (format === 'text/csv') return values.map((score) => `${score}\n`).join('');
  return JSON.stringify({ predictions: values.map((score) => ({ score })) });
}
