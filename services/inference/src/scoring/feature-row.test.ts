import { exampleTransactionFeatures } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { csvOfRows, featureRow } from './feature-row.js';

describe('featureRow', () => {
  const features = exampleTransactionFeatures.features;

  it('orders the features as the manifest lists them, whatever order the vector holds them in', () => {
    expect(featureRow(features, ['merchant_txn_count_10m', 'card_txn_count_10m', 'card_max_distance_km_10m'])).toEqual({
      ok: true,
      values: [17, 2, 2.75],
    });
  });

  it('names the features the vector lacks', () => {
    expect(featureRow(features, ['card_txn_count_10m', 'hour_of_day_utc', 'card_not_present'])).toEqual({
      ok: false,
      missing: ['hour_of_day_utc', 'card_not_present'],
    });
  });
});

describe('csvOfRows', () => {
  it('writes one line per row, comma-separated, with a final newline and no header', () => {
    expect(
      csvOfRows([
        [2, 6598, 0.5],
        [1, 1e-7, 12.25],
      ]),
    ).toBe('2,6598,0.5\n1,1e-7,12.25\n');
  });
});
