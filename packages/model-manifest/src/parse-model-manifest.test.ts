import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { COMMITTED_MODEL_MANIFEST_PATH } from './committed-manifest-path.js';
import { ModelManifestError } from './model-manifest-error.js';
import { parseModelManifest, parseOnnxModelManifest } from './parse-model-manifest.js';

const COMMITTED_FEATURES = [
  'card_txn_count_10m',
  'card_amount_sum_10m',
  'card_amount_avg_10m',
  'card_amount_max_10m',
  'card_distinct_merchants_10m',
  'card_distinct_countries_10m',
  'card_max_distance_km_10m',
  'merchant_txn_count_10m',
  'amount_to_card_avg_10m',
  'hour_of_day_utc',
  'card_not_present',
  'card_txn_count_7d',
  'card_amount_avg_7d',
  'card_txn_count_30d',
  'card_amount_avg_30d',
  'amount_to_card_avg_30d',
  'merchant_txn_count_1d_delay2d',
  'merchant_fraud_rate_1d_delay2d',
  'merchant_txn_count_7d_delay2d',
  'merchant_fraud_rate_7d_delay2d',
];

const onnx = { sha256: 'a'.repeat(64), input: 'features', scoreOutput: 'probabilities', scoreColumn: 1 };

const minimal = {
  modelVersion: 'xgb-1',
  featureNames: ['a', 'b'],
  thresholds: { review: 0.2, block: 0.6 },
  artifacts: { 'model.onnx': onnx },
};

function problemOf(parse: (text: string) => unknown, text: string): string {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ModelManifestError) return error.message;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('parseModelManifest', () => {
  it('reads the committed manifest: version, feature order and thresholds', async () => {
    const manifest = parseModelManifest(await readFile(COMMITTED_MODEL_MANIFEST_PATH, 'utf8'));

    expect(manifest).toEqual({
      modelVersion: 'xgb-cc777d112c3d',
      featureNames: COMMITTED_FEATURES,
      thresholds: { review: 0.089559, block: 0.563542 },
    });
  });

  it('needs no artifacts, and accepts thresholds at 0 and 1', () => {
    const { artifacts: _, ...withoutArtifacts } = minimal;

    expect(parseModelManifest(JSON.stringify({ ...withoutArtifacts, thresholds: { review: 0, block: 1 } }))).toEqual({
      modelVersion: 'xgb-1',
      featureNames: ['a', 'b'],
      thresholds: { review: 0, block: 1 },
    });
  });

  it('names every problem of a manifest it cannot use', () => {
    const text = JSON.stringify({
      modelVersion: '',
      featureNames: ['a', 'a'],
      thresholds: { review: 0.9, block: 0.5 },
    });

    expect(problemOf(parseModelManifest, text)).toBe(
      'is not a model manifest: modelVersion Too small: expected string to have >=1 characters; ' +
        'featureNames must not repeat a feature; thresholds review must not be above block',
    );
  });

  it('refuses thresholds outside [0, 1], a version longer than a FraudScore carries, and missing parts', () => {
    expect(
      problemOf(
        parseModelManifest,
        JSON.stringify({
          modelVersion: 'x'.repeat(129),
          featureNames: ['a'],
          thresholds: { review: -0.1, block: 1.5 },
        }),
      ),
    ).toBe(
      'is not a model manifest: modelVersion Too big: expected string to have <=128 characters; ' +
        'thresholds.review Too small: expected number to be >=0; thresholds.block Too big: expected number to be <=1',
    );
    expect(problemOf(parseModelManifest, JSON.stringify({ modelVersion: 'xgb-1', featureNames: ['a'] }))).toBe(
      'is not a model manifest: thresholds Invalid input: expected object, received undefined',
    );
    expect(problemOf(parseModelManifest, '[]')).toBe(
      'is not a model manifest: (root) Invalid input: expected object, received array',
    );
  });

  it('refuses text that is not JSON', () => {
    expect(problemOf(parseModelManifest, '{"modelVersion": ')).toBe('is not JSON (Unexpected end of JSON input)');
  });
});

describe('parseOnnxModelManifest', () => {
  it('gives the committed model its version, feature order and ONNX signature', async () => {
    const manifest = parseOnnxModelManifest(await readFile(COMMITTED_MODEL_MANIFEST_PATH, 'utf8'));

    expect(manifest).toEqual({
      modelVersion: 'xgb-cc777d112c3d',
      featureNames: COMMITTED_FEATURES,
      onnx: {
        sha256: '9f3e3b96e652b155c7c59238a9c41ee9bb4d03177f1fb3a3f2ef10aa6676e2b8',
        input: 'features',
        scoreOutput: 'probabilities',
        scoreColumn: 1,
      },
    });
  });

  it('needs no thresholds: serving answers scores, not decisions', () => {
    const { thresholds: _, ...withoutThresholds } = minimal;

    expect(parseOnnxModelManifest(JSON.stringify(withoutThresholds))).toEqual({
      modelVersion: 'xgb-1',
      featureNames: ['a', 'b'],
      onnx,
    });
  });

  it('names every missing or invalid field', () => {
    const broken = {
      ...minimal,
      featureNames: ['a', 'a'],
      artifacts: { 'model.onnx': { ...onnx, sha256: 'abc', scoreColumn: -1 } },
    };

    expect(problemOf(parseOnnxModelManifest, JSON.stringify(broken))).toBe(
      'is not a model manifest: featureNames must not repeat a feature; ' +
        'artifacts.model.onnx.sha256 must be a SHA-256 in hex; ' +
        'artifacts.model.onnx.scoreColumn Too small: expected number to be >=0',
    );
  });

  it('refuses a manifest without features or without the ONNX artifact', () => {
    expect(problemOf(parseOnnxModelManifest, JSON.stringify({ ...minimal, featureNames: [] }))).toBe(
      'is not a model manifest: featureNames Too small: expected array to have >=1 items',
    );
    expect(problemOf(parseOnnxModelManifest, JSON.stringify({ ...minimal, artifacts: {} }))).toBe(
      'is not a model manifest: artifacts.model.onnx Invalid input: expected object, received undefined',
    );
  });
});
