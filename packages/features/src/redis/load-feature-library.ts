import { Cluster, type Redis } from 'ioredis';

import { FEATURE_LIBRARY_SOURCE, FEATURE_LIBRARY_VERSION } from './feature-library.js';

/** One Redis, or a cluster (whose every primary holds its own copy of the library). */
export type FeatureRedis = Redis | Cluster;

/**
 * Loads the library on a node unless this version is already loaded there.
 * Functions persist with the data and replicate, so a restart or failover
 * keeps them; loading at every start covers a fresh Redis and an upgrade.
 */
async function loadOnNode(node: Redis): Promise<'loaded' | 'current'> {
  try {
    if ((await node.fcall('fraud_features_version', 0)) === FEATURE_LIBRARY_VERSION) return 'current';
  } catch (error) {
    if (!isFunctionMissing(error)) throw error;
  }
  await node.function('LOAD', 'REPLACE', FEATURE_LIBRARY_SOURCE);
  return 'loaded';
}

/**
 * Loads the library where it is missing or older: on one Redis, or on every
 * primary of a cluster (`FUNCTION LOAD` is per node). 'loaded' when any node
 * needed it.
 */
export async function loadFeatureLibrary(redis: FeatureRedis): Promise<'loaded' | 'current'> {
  let nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  if (redis instanceof Cluster && nodes.length === 0) {
    // Not connected yet: a command makes the client learn the cluster's slots and nodes.
    await redis.ping();
    nodes = redis.nodes('master');
    if (nodes.length === 0) throw new Error('the Redis Cluster client knows no primary to load the feature library on');
  }
  const outcomes = await Promise.all(nodes.map(loadOnNode));
  return outcomes.includes('loaded') ? 'loaded' : 'current';
}

/** Whether a call failed because the node has no such function (a new primary, a flushed one). */
export function isFunctionMissing(error: unknown): boolean {
  return error instanceof Error && /function not found/i.test(error.message);
}
