import { describe, expect, it } from 'vitest';

import { TEST_PAN_RANGES } from '../cards/test-pan.js';
import { CITIES } from '../geo/cities.js';
import { haversineKm } from '../geo/haversine.js';
import { simulationConfig } from './world-config.js';
import { createWorld } from './world.js';

describe('createWorld', () => {
  const config = simulationConfig({ seed: 11, customers: 300, merchants: 150 });
  const world = createWorld(config);

  it('is the same for the same config and differs for another seed', () => {
    expect(createWorld(config)).toEqual(world);
    expect(JSON.stringify(createWorld({ ...config, seed: 12 }).customers)).not.toBe(JSON.stringify(world.customers));
  });

  it('puts a merchant in every city once there are at least as many merchants as cities', () => {
    expect(new Set(world.merchants.map((m) => m.location.city)).size).toBe(CITIES.length);
    for (const merchant of world.merchants) {
      expect(merchant.merchantCategoryCode).toMatch(/^\d{4}$/);
      expect(merchant.currency).toMatch(/^[A-Z]{3}$/);
    }
  });

  it('gives customers the handbook profile: mean in [5, 100), std = mean / 2, daily mean in [0, 4)', () => {
    for (const customer of world.customers) {
      expect(customer.meanAmount).toBeGreaterThanOrEqual(5);
      expect(customer.meanAmount).toBeLessThan(100);
      expect(customer.stdAmount).toBe(customer.meanAmount / 2);
      expect(customer.meanDailyCount).toBeGreaterThanOrEqual(0);
      expect(customer.meanDailyCount).toBeLessThan(4);
    }
  });

  it('lets every customer shop at one or more merchants, all within the radius of home', () => {
    for (const customer of world.customers) {
      expect(customer.merchantIndexes.length).toBeGreaterThan(0);
      for (const index of customer.merchantIndexes) {
        expect(haversineKm(customer.home, world.merchants[index]!.location)).toBeLessThanOrEqual(config.radiusKm);
      }
    }
  });

  it('gives each customer a distinct test-range card', () => {
    expect(new Set(world.customers.map((c) => c.pan)).size).toBe(300);
    expect(world.customers.every((c) => TEST_PAN_RANGES.some((bin) => c.pan.startsWith(bin)))).toBe(true);
  });

  it('still houses every customer near a merchant when there are fewer merchants than cities', () => {
    const small = createWorld(simulationConfig({ seed: 3, customers: 40, merchants: 5 }));
    expect(small.customers.every((c) => c.merchantIndexes.length > 0)).toBe(true);
  });
});

describe('simulationConfig', () => {
  it('refuses a seed that is not an unsigned 32-bit integer and empty worlds', () => {
    expect(() => simulationConfig({ seed: -1 })).toThrow(RangeError);
    expect(() => simulationConfig({ seed: 2 ** 32 })).toThrow(RangeError);
    expect(() => simulationConfig({ customers: 0 })).toThrow(RangeError);
    expect(() => simulationConfig({ merchants: 0 })).toThrow(RangeError);
    expect(() => simulationConfig({ startTime: 'yesterday' })).toThrow(RangeError);
  });
});
