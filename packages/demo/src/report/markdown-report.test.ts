import { describe, expect, it } from 'vitest';

import type { RunFigures } from '../figures/run-figures.js';
import type { DemoReport } from './demo-report.js';
import { latencyHistogram } from './latency-histogram.js';
import { markdownReport } from './markdown-report.js';

const figures: RunFigures = {
  transactionsPerSecond: 199.6,
  delivery: {
    transactions: 12_000,
    transactionRecords: 12_000,
    scores: {
      scored: 12_000,
      records: 12_000,
      missing: 0,
      repeated: 0,
      bySource: { model: 11_990, rules: 10 },
      byDecision: { allow: 11_500, review: 100, block: 400 },
    },
    alerts: {
      alerts: 120,
      revisions: 500,
      repeatedRevisions: 0,
      cards: 120,
      cardsWithSeveralAlerts: 0,
      notices: 130,
      repeatedNotices: 0,
      expectedNotices: 130,
      missingNotices: 0,
      unexpectedNotices: 0,
    },
    undecodable: 0,
  },
  latency: {
    measuredFrom: 0,
    toScore: { count: 11_000, p50Ms: 20, p99Ms: 60, maxMs: 90 },
    toAlert: { count: 450, p50Ms: 45, p99Ms: 120, maxMs: 12_345 },
    toNotice: { count: 0, p50Ms: null, p99Ms: null, maxMs: null },
  },
  quality: {
    labelled: 12_000,
    frauds: 480,
    alerted: 500,
    alertedFrauds: 470,
    precision: 0.94,
    recall: 470 / 480,
    perScenario: {
      card_testing: { transactions: 400, alerted: 395, recall: 395 / 400, precisionVsLegit: 395 / 425 },
      legit: { transactions: 11_520, alerted: 30, recall: 30 / 11_520, precisionVsLegit: null },
    },
    burstsWithEarlier: { transactions: 380, alerted: 379, recall: 379 / 380 },
  },
};

const report: DemoReport = {
  run: {
    transport: 'kafka',
    redis: { cluster: false, primaries: 1 },
    partitions: 4,
    streamPrefix: 'demo-kafka-1-',
    rate: 200,
    durationSeconds: 60,
    warmupSeconds: 5,
    seed: 1,
    customers: 5_000,
    fraudMultiplier: 10,
    scenarios: null,
    startedAt: '2026-11-22T18:00:00.000Z',
    finishedAt: '2026-11-22T18:01:10.000Z',
    interrupted: true,
  },
  figures,
  histograms: { toAlert: latencyHistogram([45, 45, 120]), toNotice: latencyHistogram([]) },
  deadLetters: { 'demo-kafka-1-transactions-dlq': 0, 'demo-kafka-1-fraud-scores-dlq': 2 },
  services: {
    featureEngine: { records: 12_000, waitMeanMs: 6.5, handlerMeanMs: 3.25, cpuSeconds: 21.4 },
    alerting: { records: 12_000, waitMeanMs: null, handlerMeanMs: 12.5, callMeanMs: 8.04, calls: 130, cpuSeconds: 9 },
  },
};

describe('the Markdown report', () => {
  const page = markdownReport(report).split('\n');

  it('says what ran and that an interrupted run covers what happened until then', () => {
    expect(page.slice(0, 5)).toEqual([
      '# Fraud detection demo: kafka, 200 tx/s for 60 s',
      '',
      'Started 2026-11-22T18:00:00.000Z, finished 2026-11-22T18:01:10.000Z (interrupted: the figures cover the run until then).',
      'Simulator seed 1, 5,000 cards, fraud ×10, scenarios all; 4 partitions per stream, prefix `demo-kafka-1-`.',
      'Redis: one Redis node.',
    ]);
  });

  it('says in its title and its run that the services ran on a Redis Cluster when they did', () => {
    const onCluster = markdownReport({ ...report, run: { ...report.run, redis: { cluster: true, primaries: 3 } } });
    expect(onCluster.split('\n')[0]).toBe(
      '# Fraud detection demo: kafka, 200 tx/s for 60 s on a Redis Cluster of 3 primaries',
    );
    expect(onCluster).toContain('\nRedis: a Redis Cluster of 3 primaries (every service with `REDIS_CLUSTER=true`).\n');
  });

  it('tables what reached each stage, dead letters summed', () => {
    expect(page).toContain('| scores | 12,000 (0 missing, 0 repeated) |');
    expect(page).toContain('| notices through SNS (owed) | 130 (130) |');
    expect(page).toContain('| dead letters | 2 |');
  });

  it('tables the latencies after the warm-up, a dash where there is none', () => {
    expect(page).toContain('Transactions appended after the 5 s warm-up.');
    expect(page).toContain('| its alert on fraud-alerts | 450 | 45 ms | 120 ms | 12.3 s |');
    expect(page).toContain('| its notice through SNS/SQS | 0 | — | — | — |');
    expect(page).toContain(' ≤ 50 ms │████████████████████████████████████████ 2');
  });

  it('tables each service’s wait and time per record, per call to its dependency, and CPU', () => {
    expect(page).toContain('| featureEngine | 12,000 | 6.5 ms | 3.3 ms | — | — | 21.4 s |');
    expect(page).toContain('| alerting | 12,000 | — | 13 ms | 130 (SNS) | 8.0 ms | 9.0 s |');
  });

  it('tables recall and precision against genuine transactions per scenario', () => {
    expect(page).toContain('| card_testing | 400 | 395 | 98.8 % | 92.9 % |');
    expect(page).toContain('| legit | 11,520 | 30 | 0.3 % | — |');
    expect(page).toContain(
      'Card testing and impossible travel with an earlier transaction of the card in the window: recall 99.7 % (379 of 380).',
    );
  });
});
