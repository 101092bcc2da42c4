import { haversineKm } from '@fraud/contracts';

import type { WindowEvent } from './window-event.js';

/** The card window's aggregates, as both implementations compute them. */
export interface CardAggregates {
  count: number;
  amountSum: number;
  amountMax: number;
  distinctMerchants: number;
  distinctCountries: number;
  maxDistanceKm: number;
}

/** Aggregates of `window` seen from `at` (the transaction's own location). */
export function cardAggregates(window: readonly WindowEvent[], at: { lat: number; lon: number }): CardAggregates {
  const merchants = new Set<string>();
  const countries = new Set<string>();
  let amountSum = 0;
  let amountMax = 0;
  let maxDistanceKm = 0;
  for (const event of window) {
    amountSum += event.amountMinor;
    if (event.amountMinor > amountMax) amountMax = event.amountMinor;
    merchants.add(event.merchantId);
    countries.add(event.country);
    const distance = haversineKm(at, event);
    if (distance > maxDistanceKm) maxDistanceKm = distance;
  }
  return {
    count: window.length,
    amountSum,
    amountMax,
    distinctMerchants: merchants.size,
    distinctCountries: countries.size,
    maxDistanceKm,
  };
}
