import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The built entry point, as every service is started: `node services/model-endpoint/dist/main.js`. */
export const MODEL_ENDPOINT_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

const ARTIFACTS = new URL('../../../../model/artifacts/', import.meta.url);
export const COMMITTED_MODEL_PATH = fileURLToPath(new URL('model.onnx', ARTIFACTS));
export const COMMITTED_MANIFEST_PATH = fileURLToPath(new URL('model-manifest.json', ARTIFACTS));

export const TEST_ENDPOINT_NAME = 'fraud-model-test';

/** The service's environment in tests: the committed model, loopback, a known endpoint name. */
export function modelEndpointEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', SAGEMAKER_ENDPOINT_NAME: TEST_ENDPOINT_NAME, LOG_LEVEL: 'warn', ...extra };
}

interface ParityFixture {
  featureNames: string[];
  tolerance: number;
  rows: { transactionId: string; features: number[]; xgboostScore: number }[];
}

export interface ParityRow {
  transactionId: string;
  /** The row's features in the manifest's order. */
  features: number[];
  xgboostScore: number;
}

/**
 * The parity fixture's rows (xgboost's own scores), each reordered into the
 * feature order of the committed manifest, by name: the order the endpoint
 * takes comes from the manifest, never from the fixture or the code.
 */
export async function parityRows(): Promise<{ rows: ParityRow[]; tolerance: number; featureNames: string[] }> {
  const manifest = JSON.parse(await readFile(COMMITTED_MANIFEST_PATH, 'utf8')) as { featureNames: string[] };
  const fixture = JSON.parse(
    await readFile(fileURLToPath(new URL('parity-fixture.json', ARTIFACTS)), 'utf8'),
  ) as ParityFixture;
  const columns = manifest.featureNames.map((name) => {
    const column = fixture.featureNames.indexOf(name);
    if (column < 0) throw new Error(`the parity fixture has no feature ${name}`);
    return column;
  });
  const rows = fixture.rows.map((row) => ({
    transactionId: row.transactionId,
    features: columns.map((column) => row.features[column] ?? Number.NaN),
    xgboostScore: row.xgboostScore,
  }));
  return { rows, tolerance: fixture.tolerance, featureNames: manifest.featureNames };
}

/** The rows whose score is further than `tolerance` from xgboost's, with both scores: empty when all agree. */
export function parityMisses(
  rows: readonly ParityRow[],
  scores: readonly number[],
  tolerance: number,
): { transactionId: string; xgboost: number; endpoint: number | undefined }[] {
  return rows
    .map((row, index) => ({ transactionId: row.transactionId, xgboost: row.xgboostScore, endpoint: scores[index] }))
    .filter((pair) => pair.endpoint === undefined || Math.abs(pair.endpoint - pair.xgboost) > tolerance);
}

export function csvOf(rows: readonly ParityRow[]): string {
  return rows.map((row) => row.features.map(String).join(',')).join('\n') + '\n';
}

/** Scores of a text/csv answer: one per line, each line ending in a newline. */
export function scoresOfCsv(body: string): number[] {
  if (!body.endsWith('\n'))
    throw new Error(`a text/csv answer ends with a newline: ${JSON.stringify(body.slice(-40))}`);
  return body.slice(0, -1).split('\n').map(Number);
}

export function scoresOfJson(body: string): number[] {
  return (JSON.parse(body) as { predictions: { score: number }[] }).predictions.map((prediction) => prediction.score);
}
