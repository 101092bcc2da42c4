import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseModelManifest } from './model-manifest.js';

const COMMITTED = fileURLToPath(new URL('../../../../model/artifacts/model-manifest.json', import.meta.url));

describe('parseModelManifest', () => {
  it('reads the committed manifest: version, feature order and thresholds', async () => {
    const manifest = parseModelManifest(await readFile(COMMITTED, 'utf8'));

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
      thresholds: { review: 0.057788, block: 0.233715 },
    });
  });

  it('names every problem of a manifest it cannot use', () => {
    const text = JSON.stringify({
      modelVersion: '',
      featureNames: ['a', 'a'],
      thresholds: { review: 0.9, block: 0.5 },
    });

    expect(() => parseModelManifest(text)).toThrow(
      'is not a model manifest: modelVersion Too small: expected string to have >=1 characters; ' +
        'featureNames must not repeat a feature; thresholds review must not be above block',
    );
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseModelManifest('{')).toThrow(/^is not JSON \(/);
  });
});
