import { describe, expect, it } from 'vitest';

import type { ObservedAlertRevision, ObservedNotice, Observations } from '../observe/observations.js';
import { alertQuality } from './alert-quality.js';
import { delivery, notifiedRevisions } from './delivery.js';
import { latencySummary, percentile } from './latency-summary.js';
import { runFigures } from './run-figures.js';
import { stageLatencies } from './stage-latencies.js';

// Card A: a card-testing burst t1..t3 (t1 first in its window), one alert
// opened by t2 and joined by t3, which escalates it. Card B: a genuine t4
// wrongly flagged. Card C: genuine t5 allowed; t6 impossible travel missed.
const T0 = 1_000_000;
const transactions = new Map([
  ['t1', { cardToken: 'A', appendedAt: T0 }],
  ['t2', { cardToken: 'A', appendedAt: T0 + 10 }],
  ['t3', { cardToken: 'A', appendedAt: T0 + 20 }],
  ['t4', { cardToken: 'B', appendedAt: T0 + 30 }],
  ['t5', { cardToken: 'C', appendedAt: T0 + 40 }],
  ['t6', { cardToken: 'C', appendedAt: T0 + 50 }],
]);
const labels = new Map([
  ['t1', { isFraud: true, scenario: 'card_testing' }],
  ['t2', { isFraud: true, scenario: 'card_testing' }],
  ['t3', { isFraud: true, scenario: 'card_testing' }],
  ['t4', { isFraud: false, scenario: 'legit' }],
  ['t5', { isFraud: false, scenario: 'legit' }],
  ['t6', { isFraud: true, scenario: 'impossible_travel' }],
]);
const score = (decision: 'allow' | 'review' | 'block', earlierInWindow: boolean, appendedAt: number, copies = 1) => ({
  decision,
  source: 'model' as const,
  earlierInWindow,
  appendedAt,
  copies,
});
const scores = new Map([
  ['t1', score('allow', false, T0 + 5)],
  ['t2', score('review', true, T0 + 16)],
  ['t3', score('block', true, T0 + 27, 2)],
  ['t4', score('review', false, T0 + 38)],
  ['t5', score('allow', false, T0 + 45)],
  ['t6', score('allow', true, T0 + 58)],
]);
const revision = (
  alertId: string,
  number: number,
  severity: 'review' | 'block',
  ids: string[],
  appendedAt: number,
): ObservedAlertRevision => ({
  alertId,
  revision: number,
  cardToken: alertId === 'a1' ? 'A' : 'B',
  severity,
  transactionIds: ids,
  appendedAt,
});
const alertRevisions = [
  revision('a1', 1, 'review', ['t2'], T0 + 40),
  revision('a1', 2, 'block', ['t2', 't3'], T0 + 70),
  revision('b1', 1, 'review', ['t4'], T0 + 130),
];
const notice = (alertId: string, number: number, ids: string[], receivedAt: number): ObservedNotice => ({
  alertId,
  revision: number,
  cardToken: alertId === 'a1' ? 'A' : 'B',
  event: number === 1 ? 'opened' : 'escalated',
  severity: number === 1 ? 'review' : 'block',
  transactionIds: ids,
  receivedAt,
});
const notices = [
  notice('a1', 1, ['t2'], T0 + 50),
  notice('a1', 2, ['t2', 't3'], T0 + 90),
  notice('a1', 2, ['t2', 't3'], T0 + 95),
];

const observations: Observations = {
  transactions,
  transactionRecords: 7,
  labels,
  scores,
  alertRevisions,
  notices,
  undecodable: [],
};

describe('percentiles', () => {
  it('are nearest-rank: the smallest value at or above p percent of them', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 99), percentile(values, 100)]).toEqual([50, 99, 100]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(latencySummary([30, 10, 20])).toEqual({ count: 3, p50Ms: 20, p99Ms: 30, maxMs: 30 });
    expect(latencySummary([])).toEqual({ count: 0, p50Ms: null, p99Ms: null, maxMs: null });
  });
});

describe('stage latencies', () => {
  it('measure from each transaction’s append to its score, its first alert revision, and the notice of the revision it raised', () => {
    expect(stageLatencies(observations)).toEqual({
      toScore: [5, 6, 7, 8, 5, 8],
      toAlert: [30, 50, 100],
      toNotice: [40, 70],
    });
  });

  it('leave out the transactions appended before the end of the warm-up', () => {
    expect(stageLatencies(observations, T0 + 20)).toEqual({
      toScore: [7, 8, 5, 8],
      toAlert: [50, 100],
      toNotice: [70],
    });
  });
});

describe('delivery', () => {
  it('counts scores per transaction, alert revisions and the notices owed for openings and escalations', () => {
    expect(delivery(observations)).toEqual({
      transactions: 6,
      transactionRecords: 7,
      scores: {
        scored: 6,
        records: 7,
        missing: 0,
        repeated: 1,
        bySource: { model: 6, rules: 0 },
        byDecision: { allow: 3, review: 2, block: 1 },
      },
      alerts: {
        alerts: 2,
        revisions: 3,
        repeatedRevisions: 0,
        cards: 2,
        cardsWithSeveralAlerts: 0,
        notices: 2,
        repeatedNotices: 1,
        expectedNotices: 3,
        missingNotices: 1,
        unexpectedNotices: 0,
      },
      undecodable: 0,
    });
  });

  it('owes a notice for revision 1 and for a review escalated to block, not for hits that leave the severity', () => {
    const owed = notifiedRevisions([
      revision('x', 1, 'block', ['1'], 0),
      revision('x', 2, 'block', ['1', '2'], 0),
      revision('y', 1, 'review', ['3'], 0),
      revision('y', 2, 'review', ['3', '4'], 0),
      revision('y', 3, 'block', ['3', '4', '5'], 0),
    ]);
    expect([...owed].sort()).toEqual(['x#1', 'y#1', 'y#3']);
  });
});

describe('alert quality', () => {
  it('counts a transaction as alerted when an alert lists it, per scenario and for bursts after an earlier transaction', () => {
    expect(alertQuality(observations)).toEqual({
      labelled: 6,
      frauds: 4,
      alerted: 3,
      alertedFrauds: 2,
      precision: 2 / 3,
      recall: 2 / 4,
      perScenario: {
        card_testing: { transactions: 3, alerted: 2, recall: 2 / 3, precisionVsLegit: 2 / 3 },
        impossible_travel: { transactions: 1, alerted: 0, recall: 0, precisionVsLegit: 0 },
        legit: { transactions: 2, alerted: 1, recall: 1 / 2, precisionVsLegit: null },
      },
      burstsWithEarlier: { transactions: 3, alerted: 2, recall: 2 / 3 },
    });
  });

  it('leaves out transactions not scored yet', () => {
    const partial = { ...observations, scores: new Map([...scores].filter(([id]) => id !== 't6')) };
    expect(alertQuality(partial)).toMatchObject({ labelled: 5, frauds: 3, recall: 2 / 3 });
  });
});

describe('run figures', () => {
  it('put throughput, delivery, latencies and quality together', () => {
    const figures = runFigures(observations, T0 + 20);
    expect(figures.transactionsPerSecond).toBe(120);
    expect(figures.latency).toEqual({
      measuredFrom: T0 + 20,
      toScore: { count: 4, p50Ms: 7, p99Ms: 8, maxMs: 8 },
      toAlert: { count: 2, p50Ms: 50, p99Ms: 100, maxMs: 100 },
      toNotice: { count: 1, p50Ms: 70, p99Ms: 70, maxMs: 70 },
    });
  });
});
