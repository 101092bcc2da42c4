import { CITIES } from '../geo/cities.js';
import { currencyOf } from '../geo/currency.js';
import { offsetPoint } from '../geo/offset.js';
import type { Random } from '../random/random.js';
import { MERCHANT_CATEGORY_CODES } from './merchant-categories.js';
import type { Place } from './place.js';

/** A merchant's terminal: where a card is used. */
export interface Merchant {
  readonly index: number;
  readonly merchantId: string;
  readonly location: Place;
  readonly merchantCategoryCode: string;
  readonly currency: string;
}

/** How far from the city centre shops are scattered. */
const MERCHANT_SPREAD_KM = 10;

/**
 * `count` merchants. The first ones go one to each city, so every city has
 * shops as soon as there are as many merchants as cities; the rest go to
 * random cities.
 */
export function createMerchants(count: number, random: Random): Merchant[] {
  return Array.from({ length: count }, (_, index) => {
    const city = CITIES[index] ?? random.pick(CITIES);
    const point = offsetPoint(city, random.uniform(0, MERCHANT_SPREAD_KM), random.uniform(0, 2 * Math.PI));
    return {
      index,
      merchantId: `merchant-${index.toString().padStart(5, '0')}`,
      location: { ...point, country: city.country, city: city.name },
      merchantCategoryCode: random.pick(MERCHANT_CATEGORY_CODES),
      currency: currencyOf(city.country),
    };
  });
}
