import calculateSlot from 'cluster-key-slot';
import { Cluster, type Redis } from 'ioredis';

import type { FeatureRedis } from './load-feature-library.js';

/** Items whose keys one node serves, for calls with keys of several slots: `address` is '' on one Redis. */
export interface NodeGroup<T> {
  readonly address: string;
  readonly items: T[];
}

export interface NodeGroups<T> {
  readonly groups: NodeGroup<T>[];
  /** Items of a slot the cluster client knows no primary for (it is learning the cluster's slots again). */
  readonly unrouted: T[];
}

/** Items grouped by the node that serves their key: on a cluster, the primary of the key's slot as `router` last learned it. */
export function groupByNode<T>(router: FeatureRedis, items: readonly T[], keyOf: (item: T) => string): NodeGroups<T> {
  if (!(router instanceof Cluster)) {
    return { groups: items.length === 0 ? [] : [{ address: '', items: [...items] }], unrouted: [] };
  }
  const groups = new Map<string, T[]>();
  const unrouted: T[] = [];
  for (const item of items) {
    const address = router.slots[calculateSlot(keyOf(item))]?.[0];
    if (address === undefined) {
      unrouted.push(item);
      continue;
    }
    const group = groups.get(address);
    if (group === undefined) groups.set(address, [item]);
    else group.push(item);
  }
  return { groups: [...groups].map(([address, grouped]) => ({ address, items: grouped })), unrouted };
}

/** `lane`'s connection to the node at `address` (from groupByNode); undefined if a cluster client does not know it as a primary. */
export function connectionTo(lane: FeatureRedis, address: string): Redis | undefined {
  if (!(lane instanceof Cluster)) return lane;
  return lane.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === address);
}

/** `items` in runs whose weights add up to at most `maxWeight` (an item heavier than that runs alone). */
export function chunksOf<T>(items: readonly T[], maxWeight: number, weightOf: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let weight = 0;
  for (const item of items) {
    const w = weightOf(item);
    if (current.length > 0 && weight + w > maxWeight) {
      chunks.push(current);
      current = [];
      weight = 0;
    }
    current.push(item);
    weight += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Makes each cluster client of `lanes` learn the cluster's slots and primaries again. */
export async function refreshSlots(lanes: readonly FeatureRedis[]): Promise<void> {
  await Promise.all(
    lanes.map(
      (lane) =>
        new Promise<void>((resolve) => {
          // A failed refresh leaves the slots as they were: the next routing finds out.
          if (lane instanceof Cluster) {
            lane.refreshSlotsCache(() => {
              resolve();
            });
          } else resolve();
        }),
    ),
  );
}
