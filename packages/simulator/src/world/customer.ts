import { testPan } from '../cards/test-pan.js';
import { offsetPoint } from '../geo/offset.js';
import type { Random } from '../random/random.js';
import { merchantFinder } from './merchant-finder.js';
import type { Merchant } from './merchant.js';
import type { Place } from './place.js';

/** A card holder: one card, a home and a spending profile. */
export interface Customer {
  readonly index: number;
  /** Synthetic test PAN; tokenised by the producer, never published. */
  readonly pan: string;
  readonly home: Place;
  /** Mean and standard deviation of one purchase, in major currency units. */
  readonly meanAmount: number;
  readonly stdAmount: number;
  /** Mean of the Poisson number of purchases per day. */
  readonly meanDailyCount: number;
  /** Indexes of the merchants within reach of home. */
  readonly merchantIndexes: readonly number[];
}

export interface CustomerOptions {
  readonly seed: number;
  readonly count: number;
  /** A customer shops at merchants within this distance of home. */
  readonly radiusKm: number;
}

const HOME_SPREAD_KM = 8;

/**
 * Customers with the Fraud Detection Handbook's spending profile: mean amount
 * U(5, 100), standard deviation half the mean, daily count Poisson with mean
 * U(0, 4). Homes are only placed in cities that have merchants, so every
 * customer can shop.
 */
export function createCustomers(options: CustomerOptions, merchants: readonly Merchant[], random: Random): Customer[] {
  const shopCities = [...new Map(merchants.map((m) => [m.location.city, m.location])).values()];
  if (shopCities.length === 0) throw new RangeError('a world needs at least one merchant');
  const merchantsNear = merchantFinder(merchants);
  return Array.from({ length: options.count }, (_, index) => {
    const city = random.pick(shopCities);
    const point = offsetPoint(city, random.uniform(0, HOME_SPREAD_KM), random.uniform(0, 2 * Math.PI));
    const meanAmount = random.uniform(5, 100);
    return {
      index,
      pan: testPan(options.seed, index),
      home: { ...point, country: city.country, city: city.city },
      meanAmount,
      stdAmount: meanAmount / 2,
      meanDailyCount: random.uniform(0, 4),
      merchantIndexes: merchantsNear(point, options.radiusKm),
    };
  });
}
