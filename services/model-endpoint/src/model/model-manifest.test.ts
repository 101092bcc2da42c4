import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { COMMITTED_MANIFEST_PATH } from '../test-support/model-endpoint-env.js';
import { parseModelManifest } from './model-manifest.js';

const minimal = {
  modelVersion: 'xgb-1',
  featureNames: ['a', 'b'],
  artifacts: {
    'model.onnx': { sha256: 'a'.repeat(64), input: 'features', scoreOutput: 'probabilities', scoreColumn: 1 },
  },
};

describe('the model manifest', () => {
  it('gives the committed model its version, feature order and ONNX signature', async () => {
    const manifest = parseModelManifest(await readFile(COMMITTED_MANIFEST_PATH, 'utf8'));
    expect(manifest).toEqual({
      modelVersion: 'xgb-56bb2a965651',
      featureNames: [
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
      ],
      onnx: {
        sha256: 'ea7010d0f82b7218983c546f011fa49dd3a0db4fd0933cd6a13c8679774cf9f6',
        input: 'features',
        scoreOutput: 'probabilities',
        scoreColumn: 1,
      },
    });
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseModelManifest('{"modelVersion": ')).toThrow('is not JSON (Unexpected end of JSON input)');
  });

  it('names every missing or invalid field', () => {
    const broken = {
      ...minimal,
      featureNames: ['a', 'a'],
      artifacts: { 'model.onnx': { ...minimal.artifacts['model.onnx'], sha256: 'abc', scoreColumn: -1 } },
    };
    expect(() => parseModelManifest(JSON.stringify(broken))).toThrow(
      'is not a model manifest: featureNames must not repeat a feature; ' +
        'artifacts.model.onnx.sha256 must be a SHA-256 in hex; ' +
        'artifacts.model.onnx.scoreColumn Too small: expected number to be >=0',
    );
  });

  it('refuses a manifest without features', () => {
    expect(() => parseModelManifest(JSON.stringify({ ...minimal, featureNames: [] }))).toThrow(
      'is not a model manifest: featureNames Too small: expected array to have >=1 items',
    );
  });
});
