import { describe, expect, it } from 'vitest';

import { haversineKm } from '../geo/haversine.js';
import { Random } from '../random/random.js';
import { merchantFinder } from './merchant-finder.js';
import { createMerchants } from './merchant.js';

describe('merchantFinder', () => {
  it('finds exactly the merchants a full scan finds, for many points and radii', () => {
    const merchants = createMerchants(400, new Random(1));
    const find = merchantFinder(merchants);
    const random = new Random(2);
    for (let i = 0; i < 200; i++) {
      const point = { lat: random.uniform(-45, 60), lon: random.uniform(-125, 155) };
      const near = merchants[random.integer(merchants.length)]!.location;
      for (const [at, radiusKm] of [
        [point, 2_000],
        [near, 50],
        [near, 600],
      ] as const) {
        const scan = merchants.filter((m) => haversineKm(at, m.location) <= radiusKm).map((m) => m.index);
        expect(find(at, radiusKm)).toEqual(scan);
      }
    }
  });
});
