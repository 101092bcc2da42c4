// The distance of the contract's `card_max_distance_km_10m`, shared by the simulator,
// the offline feature reference and (as Lua) the Redis feature library.
/** Mean Earth radius (IUGG), the one the contract's distance feature uses. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
