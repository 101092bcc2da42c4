export { CITIES } from './cities.js';
export type { City } from './city.js';
export { CURRENCY_BY_COUNTRY, currencyOf } from './currency.js';
export { EARTH_RADIUS_KM, haversineKm, type LatLon } from './haversine.js';
export { offsetPoint } from './offset.js';
