import { createRequire } from 'node:module';

import { crc32c } from './crc32c.js';

const require = createRequire(import.meta.url);
const CRC_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
let applied = false;

/**
 * kafkajs 2.2.4 (its last release) computes each produced record batch's
 * CRC-32C a byte at a time in JavaScript: on a feature engine draining a
 * backlog that loop was about 5% of its CPU. This puts `crc32c` (eight
 * bytes a step, same values) in place of the module kafkajs' record batch
 * encoder loads it from. kafkajs loads that encoder at its first produce, so
 * the patch must come before it; applied later it changes nothing (the
 * encoder keeps the byte loop, and the CRCs are the same either way).
 */
export function patchKafkaRecordBatchCrc(): void {
  if (applied) return;
  applied = true;
  const id = require.resolve(CRC_MODULE);
  require(id);
  const cached = require.cache[id];
  if (cached !== undefined) cached.exports = crc32c;
}
