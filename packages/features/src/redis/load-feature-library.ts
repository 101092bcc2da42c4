import type { Redis } from 'ioredis';

import { FEATURE_LIBRARY_SOURCE, FEATURE_LIBRARY_VERSION } from './feature-library.js';

/**
 * Loads the library unless this version is already loaded. Functions persist
 * with the data and replicate, so a restart or failover keeps them; loading
 * at every start covers a fresh Redis and an upgrade.
 */
export async function loadFeatureLibrary(redis: Redis): Promise<'loaded' | 'current'> {
  try {
    if ((await redis.fcall('fraud_features_version', 0)) === FEATURE_LIBRARY_VERSION) return 'current';
  } catch (error) {
    if (!(error instanceof Error) || !/function not found/i.test(error.message)) throw error;
  }
  await redis.function('LOAD', 'REPLACE', FEATURE_LIBRARY_SOURCE);
  return 'loaded';
}
