import { describe, expect, it } from 'vitest';

import { CITIES } from './cities.js';
import { currencyOf } from './currency.js';
import { haversineKm } from './haversine.js';
import { offsetPoint } from './offset.js';

const paris = { lat: 48.8566, lon: 2.3522 };
const london = { lat: 51.5074, lon: -0.1278 };

describe('haversineKm', () => {
  it('measures Paris–London as 343.56 km, pole to equator as a quarter meridian, a point to itself as 0', () => {
    // Reference values from the spherical law of cosines with the same radius.
    expect(haversineKm(paris, london)).toBeCloseTo(343.557, 3);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: 0, lon: 45 })).toBeCloseTo(10_007.557, 3);
    expect(haversineKm(paris, paris)).toBe(0);
  });
});

describe('offsetPoint', () => {
  it('moves a point by the requested distance, to within the 4-decimal rounding (0.02 km)', () => {
    for (const [km, bearing] of [
      [0, 0],
      [5, 0],
      [10, Math.PI / 2],
      [25, 4],
    ] as const) {
      expect(Math.abs(haversineKm(paris, offsetPoint(paris, km, bearing)) - km)).toBeLessThan(0.02);
    }
  });
});

describe('CITIES', () => {
  it('lists at least 60 distinct real cities over at least 15 countries, each with a currency', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CITIES.map((c) => c.name)).size).toBe(CITIES.length);
    expect(new Set(CITIES.map((c) => c.country)).size).toBeGreaterThanOrEqual(15);
    for (const city of CITIES) {
      expect(city.country).toMatch(/^[A-Z]{2}$/);
      expect(currencyOf(city.country)).toMatch(/^[A-Z]{3}$/);
      expect(Math.abs(city.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(city.lon)).toBeLessThanOrEqual(180);
    }
    const lisbon = CITIES.find((c) => c.name === 'Lisbon');
    expect(lisbon).toEqual({ name: 'Lisbon', country: 'PT', lat: 38.7223, lon: -9.1393 });
  });

  it('has no currency for a country it does not simulate', () => {
    expect(() => currencyOf('JP')).toThrow(RangeError);
  });
});
