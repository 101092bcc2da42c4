import type { FeatureVector } from '@fraud/contracts';

export type FeatureRow = { ok: true; values: number[] } | { ok: false; missing: string[] };

/**
 * A transaction's row for the model: its features in the manifest's order.
 * A feature the vector lacks (a feature engine older than the model) leaves
 * the row unscorable by the model, never filled with a guess.
 */
export function featureRow(features: FeatureVector, featureNames: readonly string[]): FeatureRow {
  const values: number[] = [];
  const missing: string[] = [];
  for (const name of featureNames) {
    const value = features[name];
    if (value === undefined) missing.push(name);
    else values.push(value);
  }
  return missing.length === 0 ? { ok: true, values } : { ok: false, missing };
}

/** `text/csv` as SageMaker's built-in XGBoost container takes it: one row per line, no header, no label. */
export function csvOfRows(rows: readonly (readonly number[])[]): string {
  return rows.map((row) => row.join(',')).join('\n') + '\n';
}
