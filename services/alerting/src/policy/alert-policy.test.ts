import { describe, expect, it } from 'vitest';

import { cardToken, scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { alertIdFor } from './alert-id.js';
import { applyScore, MAX_TRANSACTION_IDS, type AlertChange } from './alert-policy.js';
import type { CardAlert } from './card-alert.js';

const T0 = new Date('2026-11-22T10:15:31.000Z');
const T1 = new Date('2026-11-22T10:16:02.500Z');

function alertOf(change: AlertChange): CardAlert {
  if (change.kind === 'none') throw new Error('expected an alert');
  return change.alert;
}

describe('applyScore', () => {
  it('raises nothing for an allow score, whatever its number', () => {
    expect(
      applyScore(scoreOf({ card: 'a', id: 't1', decision: 'allow', score: 0.99 }), undefined, T0, THRESHOLDS),
    ).toEqual({ kind: 'none' });
  });

  it('opens an alert with the score’s decision as severity, its reasons, and the card’s token, BIN and last four only', () => {
    const score = scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.1 });
    expect(applyScore(score, undefined, T0, THRESHOLDS)).toEqual({
      kind: 'opened',
      alert: {
        schemaVersion: 1,
        alertId: alertIdFor(cardToken('a'), 't1'),
        cardToken: cardToken('a'),
        cardBin: '411111',
        cardLast4: '1111',
        transactionIds: ['t1'],
        severity: 'review',
        score: 0.1,
        reasons: ['score 0.1 at or above the review threshold 0.06'],
        source: 'model',
        modelVersion: score.modelVersion,
        createdAt: '2026-11-22T10:15:31.000Z',
        updatedAt: '2026-11-22T10:15:31.000Z',
        revision: 1,
        hits: 1,
      },
    });
  });

  it('trusts the decision over the thresholds: a review decision at a score above the block threshold stays review', () => {
    const change = applyScore(
      scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.5 }),
      undefined,
      T0,
      THRESHOLDS,
    );
    expect(alertOf(change).severity).toBe('review');
  });

  it('groups a later hit into the open alert: its id added, a new revision, the opening kept', () => {
    const opened = alertOf(
      applyScore(scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.2 }), undefined, T0, THRESHOLDS),
    );
    const change = applyScore(scoreOf({ card: 'a', id: 't2', decision: 'review', score: 0.1 }), opened, T1, THRESHOLDS);
    expect(change).toEqual({
      kind: 'grouped',
      alert: { ...opened, transactionIds: ['t1', 't2'], revision: 2, hits: 2, updatedAt: '2026-11-22T10:16:02.500Z' },
    });
  });

  it('shows the strongest hit’s score and reasons: a higher score of the same severity replaces them', () => {
    const opened = alertOf(
      applyScore(scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.1 }), undefined, T0, THRESHOLDS),
    );
    const grouped = alertOf(
      applyScore(
        scoreOf({ card: 'a', id: 't2', decision: 'review', score: 0.2, source: 'rules' }),
        opened,
        T1,
        THRESHOLDS,
      ),
    );
    expect([grouped.score, grouped.reasons, grouped.source]).toEqual([
      0.2,
      ['scored by fallback rules (review at score 0.2)'],
      'rules',
    ]);
  });

  it('escalates an open review alert to block when a block hit joins it, keeping its id and opening', () => {
    const opened = alertOf(
      applyScore(scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.1 }), undefined, T0, THRESHOLDS),
    );
    const change = applyScore(scoreOf({ card: 'a', id: 't2', decision: 'block', score: 0.8 }), opened, T1, THRESHOLDS);
    expect(change.kind).toBe('escalated');
    expect(alertOf(change)).toMatchObject({
      alertId: opened.alertId,
      createdAt: opened.createdAt,
      severity: 'block',
      score: 0.8,
      reasons: ['score 0.8 at or above the block threshold 0.25'],
      transactionIds: ['t1', 't2'],
      revision: 2,
    });
  });

  it('never lowers severity: a review hit after a block one is grouped, the alert stays block with the block hit’s score', () => {
    const opened = alertOf(
      applyScore(scoreOf({ card: 'a', id: 't1', decision: 'block', score: 0.3 }), undefined, T0, THRESHOLDS),
    );
    const change = applyScore(scoreOf({ card: 'a', id: 't2', decision: 'review', score: 0.2 }), opened, T1, THRESHOLDS);
    expect(change.kind).toBe('grouped');
    expect([alertOf(change).severity, alertOf(change).score]).toEqual(['block', 0.3]);
  });

  it('lists the first MAX_TRANSACTION_IDS hits and counts them all in its hits', () => {
    const ids = Array.from({ length: MAX_TRANSACTION_IDS }, (_, n) => `t${n}`);
    const opened = alertOf(applyScore(scoreOf({ card: 'a', id: 't0', decision: 'review' }), undefined, T0, THRESHOLDS));
    const full: CardAlert = { ...opened, transactionIds: ids, hits: MAX_TRANSACTION_IDS };
    const next = alertOf(applyScore(scoreOf({ card: 'a', id: 'late', decision: 'review' }), full, T1, THRESHOLDS));
    expect([next.transactionIds.length, next.transactionIds.at(-1), next.hits]).toEqual([
      MAX_TRANSACTION_IDS,
      `t${MAX_TRANSACTION_IDS - 1}`,
      MAX_TRANSACTION_IDS + 1,
    ]);
  });
});

describe('alertIdFor', () => {
  it('is the same for the same card and first transaction, different otherwise, and fits the contract’s 64 characters', () => {
    const id = alertIdFor(cardToken('a'), 't1');
    expect(id).toBe(alertIdFor(cardToken('a'), 't1'));
    expect(id).toMatch(/^alert-[0-9a-f]{32}$/);
    expect(new Set([id, alertIdFor(cardToken('b'), 't1'), alertIdFor(cardToken('a'), 't2')]).size).toBe(3);
  });
});
