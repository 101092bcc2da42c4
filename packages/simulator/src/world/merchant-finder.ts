import { haversineKm, type LatLon } from '../geo/haversine.js';
import type { Merchant } from './merchant.js';

/**
 * Finds the merchants within a radius of a point. Merchants are grouped by
 * city with each group's extent around its first member; by the triangle
 * inequality a whole group is skipped when even its nearest possible member
 * is out of reach, so a large world is built in a blink instead of comparing
 * every card with every merchant.
 */
export function merchantFinder(merchants: readonly Merchant[]): (point: LatLon, radiusKm: number) => number[] {
  const groups = new Map<string, { centre: LatLon; extentKm: number; members: Merchant[] }>();
  for (const merchant of merchants) {
    const key = `${merchant.location.country}/${merchant.location.city}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { centre: merchant.location, extentKm: 0, members: [merchant] });
    } else {
      group.members.push(merchant);
      group.extentKm = Math.max(group.extentKm, haversineKm(group.centre, merchant.location));
    }
  }
  return (point, radiusKm) => {
    const found: number[] = [];
    for (const { centre, extentKm, members } of groups.values()) {
      if (haversineKm(point, centre) - extentKm > radiusKm) continue;
      for (const merchant of members) {
        if (haversineKm(point, merchant.location) <= radiusKm) found.push(merchant.index);
      }
    }
    return found.sort((a, b) => a - b);
  };
}
