import { EARTH_RADIUS_KM, type LatLon } from './haversine.js';

/**
 * The point `distanceKm` from `origin` towards `bearingRad` (0 = north), on a
 * sphere. Used to scatter homes and shops around a city centre.
 */
export function offsetPoint(origin: LatLon, distanceKm: number, bearingRad: number): LatLon {
  const toRad = Math.PI / 180;
  const angular = distanceKm / EARTH_RADIUS_KM;
  const lat1 = origin.lat * toRad;
  const lon1 = origin.lon * toRad;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearingRad),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(bearingRad) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  // Four decimals (about 11 m) keep events short and JSON stable.
  const round = (value: number) => Math.round(value * 1e4) / 1e4;
  return { lat: round(lat2 / toRad), lon: round(((lon2 / toRad + 540) % 360) - 180) };
}
