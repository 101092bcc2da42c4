import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { playParityRun, type ParityCounts } from './test-support/parity-run.js';
import { streamOps } from './test-support/random-streams.js';
import { DEFAULT_WINDOW_CONFIG } from './window/window-config.js';
import { useFeatureRedis } from './test-support/feature-redis.js';

vi.setConfig({ testTimeout: 600_000 });

describe('the online window state equals the offline reference', () => {
  const redis = useFeatureRedis();

  it('on randomized streams: hot merchants, redeliveries, crashes, idle gaps past the TTL, late and out-of-order events, days of history and confirmed frauds', async () => {
    const counts: ParityCounts = {
      emissions: 0,
      duplicates: 0,
      late: 0,
      redeliveredAfterGap: 0,
      gaps: 0,
      confirmationsCounted: 0,
      withFraudFeedback: 0,
      withOlderCardDays: 0,
      firstPublishedChecked: 0,
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(streamOps(DEFAULT_WINDOW_CONFIG), async (ops) => {
        await playParityRun(redis(), `parity${run++}:`, DEFAULT_WINDOW_CONFIG, ops, counts);
      }),
      {
        numRuns: 60,
        seed: Number(process.env.PARITY_SEED ?? 20261122),
        endOnFailure: process.env.PARITY_NO_SHRINK === '1',
      },
    );
    // The streams really exercised each case.
    process.stderr.write(`parity: ${JSON.stringify(counts)}\n`);
    expect(counts.emissions).toBeGreaterThan(10_000);
    expect(counts.duplicates / counts.emissions).toBeGreaterThan(0.05);
    expect(counts.late).toBeGreaterThan(100);
    expect(counts.gaps).toBeGreaterThan(5);
    expect(counts.redeliveredAfterGap).toBeGreaterThan(10);
    expect(counts.confirmationsCounted).toBeGreaterThan(500);
    expect(counts.withFraudFeedback).toBeGreaterThan(500);
    expect(counts.withOlderCardDays).toBeGreaterThan(500);
    expect(counts.firstPublishedChecked).toBeGreaterThan(5_000);
  });
});
