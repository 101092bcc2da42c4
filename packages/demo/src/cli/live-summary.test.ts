import { describe, expect, it } from 'vitest';

import type { RunFigures } from '../figures/run-figures.js';
import { liveSummaryLines } from './live-summary.js';

const summary = { count: 0, p50Ms: null, p99Ms: null, maxMs: null };

describe('the live summary', () => {
  it('shows throughput, stages, latency and dead letters, then precision and recall per fraud scenario', () => {
    const figures = {
      transactionsPerSecond: 200,
      delivery: {
        transactions: 2_400,
        scores: { scored: 2_380 },
        alerts: { alerts: 31, notices: 33 },
      },
      latency: { toScore: summary, toAlert: { count: 80, p50Ms: 24, p99Ms: 88, maxMs: 90 }, toNotice: summary },
      quality: {
        precision: 0.955,
        perScenario: {
          card_testing: { recall: 0.98 },
          impossible_travel: { recall: 1 },
          legit: { recall: 0.001 },
        },
      },
    } as unknown as RunFigures;
    expect(
      liveSummaryLines({ elapsedSeconds: 12, recentTransactionsPerSecond: 201, figures, deadLettered: 0 }),
    ).toEqual([
      '[  12 s]  tx 2,400 (201/s)  scores 2,380  alerts 31 (SNS 33)  tx→alert p50 24 ms p99 88 ms  DLQ 0',
      '         precision 95.5 %  recall card_testing 98.0 %, impossible_travel 100.0 %',
    ]);
  });
});
