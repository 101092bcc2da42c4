import { describe, expect, it } from 'vitest';

import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { alertIdFor } from './alert-id.js';
import { applyScore, type AlertChange } from './alert-policy.js';
import { applyScores } from './apply-scores.js';
import type { CardAlert } from './card-alert.js';

const T0 = new Date('2026-11-22T10:15:31.000Z');
const T1 = new Date('2026-11-22T10:16:02.500Z');

function alertOf(change: AlertChange): CardAlert {
  if (change.kind === 'none') throw new Error('expected an alert');
  return change.alert;
}

const opened = alertOf(
  applyScore(scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.1 }), undefined, T0, THRESHOLDS),
);

describe('applyScores', () => {
  it('changes nothing without a flagged hit', () => {
    expect(applyScores([scoreOf({ card: 'a', id: 't1', decision: 'allow' })], undefined, T0, THRESHOLDS)).toEqual({
      change: { kind: 'none' },
      joined: [],
    });
  });

  it('opens one alert, revision 1, for a batch that opens and escalates it: the final state, the later hits joined', () => {
    const scores = [
      scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.1 }),
      scoreOf({ card: 'a', id: 't2', decision: 'block', score: 0.8 }),
      scoreOf({ card: 'a', id: 't3', decision: 'review', score: 0.2 }),
    ];
    const { change, joined } = applyScores(scores, undefined, T0, THRESHOLDS);
    expect(change.kind).toBe('opened');
    expect(alertOf(change)).toMatchObject({
      alertId: alertIdFor(scores[0]?.cardToken ?? '', 't1'),
      severity: 'block',
      score: 0.8,
      transactionIds: ['t1', 't2', 't3'],
      revision: 1,
      hits: 3,
    });
    expect(joined).toEqual(['block', 'review']);
  });

  it('ends exactly as the hits applied one by one, but as the open alert’s next revision', () => {
    const scores = [
      scoreOf({ card: 'a', id: 't2', decision: 'review', score: 0.3 }),
      scoreOf({ card: 'a', id: 't3', decision: 'review', score: 0.2 }),
    ];
    const oneByOne = scores.reduce((alert, score) => alertOf(applyScore(score, alert, T1, THRESHOLDS)), opened);
    expect(applyScores(scores, opened, T1, THRESHOLDS)).toEqual({
      change: { kind: 'grouped', alert: { ...oneByOne, revision: 2 } },
      joined: ['review', 'review'],
    });
  });

  it('escalates the open alert once when a block hit of the batch joins it; the other hits join', () => {
    const scores = [
      scoreOf({ card: 'a', id: 't2', decision: 'review' }),
      scoreOf({ card: 'a', id: 't3', decision: 'block' }),
      scoreOf({ card: 'a', id: 't4', decision: 'block' }),
    ];
    const { change, joined } = applyScores(scores, opened, T1, THRESHOLDS);
    expect([change.kind, alertOf(change).severity, alertOf(change).revision, alertOf(change).hits, joined]).toEqual([
      'escalated',
      'block',
      2,
      4,
      ['review', 'block'],
    ]);
  });
});
