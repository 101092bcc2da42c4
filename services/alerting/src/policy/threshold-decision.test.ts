import { describe, expect, it } from 'vitest';

import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { thresholdDecision } from './threshold-decision.js';

describe('thresholdDecision', () => {
  it('applies the manifest’s thresholds, inclusive, to a score of its model', () => {
    const at = (score: number) =>
      thresholdDecision(scoreOf({ card: 'a', id: 't', decision: 'allow', score }), THRESHOLDS);
    expect([at(0.059), at(0.06), at(0.249), at(0.25), at(1)]).toEqual(['allow', 'review', 'review', 'block', 'block']);
  });

  it('does not judge rule scores or another model version’s', () => {
    expect(
      thresholdDecision(scoreOf({ card: 'a', id: 't', decision: 'block', source: 'rules' }), THRESHOLDS),
    ).toBeUndefined();
    expect(
      thresholdDecision(scoreOf({ card: 'a', id: 't', decision: 'block', modelVersion: 'xgb-other' }), THRESHOLDS),
    ).toBeUndefined();
  });
});
