// One definition of distance for the whole system: the contract's.
export { EARTH_RADIUS_KM, haversineKm, type LatLon } from '@fraud/contracts';
