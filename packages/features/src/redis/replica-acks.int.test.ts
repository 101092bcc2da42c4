import { createHash, randomUUID } from 'node:crypto';

import { waitUntil } from '@fraud/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { EMPTY_CARD_STATE } from '../reference/card-window.js';
import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { encodeCardState } from './card-state-codec.js';
import { FeatureKeys } from './feature-keys.js';
import { loadFeatureLibrary } from './load-feature-library.js';
import { RedisWindowStore } from './redis-window-store.js';
import { ReplicaAckError } from './replica-acks.js';

/** A command as MONITOR shows it: its words, and the client that sent it. */
interface Seen {
  readonly words: string[];
  readonly source: string;
}

const WRITES = ['fraud_advance_watermark', 'fraud_card_put_many', 'fraud_release_cards', 'fraud_release_merchants'];

describe('replica acknowledgements on one Redis without replicas', () => {
  let redis: Redis;
  let monitorClient: Redis;
  const seen: Seen[] = [];

  beforeAll(async () => {
    redis = new Redis(inject('infra').redisUrl);
    await loadFeatureLibrary(redis);
    monitorClient = new Redis(inject('infra').redisUrl);
    const monitor = await monitorClient.monitor();
    monitor.on('monitor', (_time: string, words: string[], source: string) => {
      seen.push({ words, source });
    });
  });

  afterAll(() => {
    monitorClient.disconnect();
    redis.disconnect();
  });

  it('sends WAIT right behind every write on its connection, and fails each write none acknowledged', async () => {
    const namespace = `acks-${randomUUID().slice(0, 8)}:`;
    const store = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys(namespace), [redis], {
      replicas: 1,
      timeoutMs: 20,
    });
    const cardToken = createHash('sha256').update(namespace).digest('hex');
    const merchantId = `${namespace}merchant`;

    const outcomes = await Promise.all([
      store.advanceWatermark('transactions', '0', 1_000, Date.now()).catch((error: unknown) => error),
      store
        .putCards([{ cardToken, readVersion: '', state: encodeCardState(EMPTY_CARD_STATE, 'v1') }])
        .catch((error: unknown) => error),
      store.release('0', [{ cardToken, merchantId }]).catch((error: unknown) => error),
    ]);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(ReplicaAckError);
      expect((outcome as Error).message).toContain('on 0 of 1 replica(s) within 20 ms');
    }

    // The namespace's write calls, each followed by a WAIT from the same client before its next command.
    const isOurs = ({ words }: Seen) => words.some((word) => word.includes(namespace) || word.includes(cardToken));
    await waitUntil(() => Promise.resolve(seen.filter((command) => isOurs(command)).length >= WRITES.length), {
      description: 'MONITOR to show the four write calls',
      timeoutMs: 5_000,
    });
    await waitUntil(
      () => Promise.resolve(seen.filter(({ words }) => words[0]?.toUpperCase() === 'WAIT').length >= WRITES.length),
      {
        description: 'MONITOR to show their WAITs',
        timeoutMs: 5_000,
      },
    );
    const writes = seen.filter((command) => isOurs(command) && WRITES.includes(command.words[1] ?? ''));
    expect(writes.map(({ words }) => words[1]).sort()).toEqual([...WRITES].sort());
    for (const write of writes) {
      const next = seen.slice(seen.indexOf(write) + 1).find(({ source }) => source === write.source);
      expect(next?.words).toEqual(['WAIT', '1', '20']);
    }
  });
});
