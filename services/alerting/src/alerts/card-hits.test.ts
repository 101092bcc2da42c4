import type { IncomingRecord } from '@fraud/transport';
import { describe, expect, it } from 'vitest';

import { scoreOf } from '../test-support/scores.js';
import { CardHits } from './card-hits.js';

const SCORES = [
  scoreOf({ card: 'a', id: 'a1', decision: 'allow' }),
  scoreOf({ card: 'b', id: 'b1', decision: 'review' }),
  scoreOf({ card: 'a', id: 'a2', decision: 'review' }),
  scoreOf({ card: 'a', id: 'a3', decision: 'block' }),
];
const RECORDS: IncomingRecord[] = SCORES.map((score, index) => ({
  stream: 'fraud-scores',
  partition: '0',
  position: String(index),
  key: score.cardToken,
  timestamp: new Date(0),
  value: Buffer.from(''),
}));
function scoreAt(index: number) {
  const score = SCORES[index];
  if (score === undefined) throw new Error(`no score ${index}`);
  return score;
}
const ids = (scores: readonly { transactionId: string }[]) => scores.map((score) => score.transactionId);

describe('CardHits', () => {
  it('gives a card’s first flagged record all its hits of the batch, and its later records none once handled', () => {
    const hits = new CardHits(RECORDS, SCORES);
    // An allow record before them marks nothing handled.
    hits.markHandled(scoreAt(0), '0');
    const first = ids(hits.pendingFrom(scoreAt(2), '2'));
    hits.markHandled(scoreAt(2), '2');
    expect([first, ids(hits.pendingFrom(scoreAt(3), '3')), ids(hits.pendingFrom(scoreAt(1), '1'))]).toEqual([
      ['a2', 'a3'],
      [],
      ['b1'],
    ]);
  });

  it('leaves a card’s later hits to their own records while the earlier one is not handled (dead-lettered)', () => {
    const hits = new CardHits(RECORDS, SCORES);
    expect(ids(hits.pendingFrom(scoreAt(3), '3'))).toEqual(['a3']);
  });
});
