import calculateSlot from 'cluster-key-slot';
import { Cluster, type Redis } from 'ioredis';

import type { FeatureRedis } from './load-feature-library.js';

/**
 * Which of `lanes` connections to one Redis serves a key: a hash of its hash
 * tag (so one entity's keys agree), spread evenly. FNV-1a over the tag's
 * characters, computed in place: the hash slot (cluster-key-slot) copies
 * every key into a new byte array, which made this the engine's largest
 * allocation per transaction.
 */
export function laneIndex(key: string, lanes: number): number {
  if (lanes === 1) return 0;
  let from = 0;
  let to = key.length;
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) {
      from = open + 1;
      to = close;
    }
  }
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

/** Items whose keys one node serves, for one call with keys of several slots. */
export interface NodeGroup<T> {
  readonly node: Redis;
  readonly items: T[];
}

export interface NodeGroups<T> {
  readonly groups: NodeGroup<T>[];
  /** Items of a slot the cluster client knows no primary for (it is learning the cluster's slots again). */
  readonly unrouted: T[];
}

/**
 * Items grouped by the connection that serves their key: on one Redis, the
 * key's lane; on a cluster, the primary that serves the key's slot as the
 * lane's client last learned it (a call may still find it moved since).
 */
export function groupByNode<T>(
  lanes: readonly FeatureRedis[],
  items: readonly T[],
  keyOf: (item: T) => string,
): NodeGroups<T> {
  const groups = new Map<Redis, T[]>();
  const unrouted: T[] = [];
  const primaries = new Map<Cluster, Map<string, Redis>>();
  for (const item of items) {
    const key = keyOf(item);
    const lane = lanes.length === 1 ? lanes[0] : lanes[laneIndex(key, lanes.length)];
    const node = lane instanceof Cluster ? primaryOf(lane, key, primaries) : lane;
    if (node === undefined) {
      unrouted.push(item);
      continue;
    }
    const group = groups.get(node);
    if (group === undefined) groups.set(node, [item]);
    else group.push(item);
  }
  return { groups: [...groups].map(([node, grouped]) => ({ node, items: grouped })), unrouted };
}

function primaryOf(cluster: Cluster, key: string, known: Map<Cluster, Map<string, Redis>>): Redis | undefined {
  let byAddress = known.get(cluster);
  if (byAddress === undefined) {
    byAddress = new Map(cluster.nodes('master').map((node) => [`${node.options.host}:${node.options.port}`, node]));
    known.set(cluster, byAddress);
  }
  const address = cluster.slots[calculateSlot(key)]?.[0];
  return address === undefined ? undefined : byAddress.get(address);
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
