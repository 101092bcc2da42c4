import type { AlertSeverity, FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';

import { applyScore, type AlertChange } from './alert-policy.js';
import type { CardAlert } from './card-alert.js';

/** A card's hits of one batch folded into one change, and the hits that joined without a notice of their own. */
export interface FoldedChange {
  readonly change: AlertChange;
  /** The severity of each hit that is not the change's notice: grouped, or escalating an alert this batch opened. */
  readonly joined: readonly AlertSeverity[];
}

/**
 * A card's flagged hits of one batch, in order, as one change: the policy
 * (`applyScore`) applied to each in turn, so the alert ends exactly as if
 * they had come one by one, but published as one revision. The change is
 * `opened` when no alert was open (one notice, of the final state, even if
 * a later hit of the batch raised it to `block`), `escalated` when the open
 * alert rose to `block`, `grouped` otherwise, `none` without a flagged hit.
 */
export function applyScores(
  scores: readonly FraudScore[],
  open: CardAlert | undefined,
  now: Date,
  thresholds: ModelThresholds,
): FoldedChange {
  let alert = open;
  let kind: AlertChange['kind'] = 'none';
  const joined: AlertSeverity[] = [];
  for (const score of scores) {
    const step = applyScore(score, alert, now, thresholds);
    if (step.kind === 'none') continue;
    // The first opening or escalation of the batch is its notice; every other hit joins it.
    const notifies = step.kind !== 'grouped' && (kind === 'none' || kind === 'grouped');
    if (notifies) kind = step.kind;
    else {
      if (kind === 'none') kind = 'grouped';
      joined.push(score.decision === 'block' ? 'block' : 'review');
    }
    alert = step.alert;
  }
  if (kind === 'none' || alert === undefined) return { change: { kind: 'none' }, joined: [] };
  // One published revision per change: `hits` counts the hits themselves.
  return { change: { kind, alert: { ...alert, revision: (open?.revision ?? 0) + 1 } }, joined };
}
