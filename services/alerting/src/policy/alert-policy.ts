import type { AlertSeverity, FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';

import { alertIdFor } from './alert-id.js';
import { alertReasons } from './alert-reasons.js';
import type { CardAlert } from './card-alert.js';

/**
 * What a score does to its card's alert:
 * - `none`: an `allow` score raises nothing;
 * - `opened`: no alert was open on the card, this hit opens one (notified);
 * - `escalated`: added to the open `review` alert, which becomes `block` (notified again);
 * - `grouped`: added to the open alert, nothing new to notify (the alert's record is updated).
 */
export type AlertChange =
  { readonly kind: 'none' } | { readonly kind: 'opened' | 'escalated' | 'grouped'; readonly alert: CardAlert };

/**
 * Transaction ids an alert lists at most: its first hits. `revision` counts
 * them all. Keeps an SNS message far below its 256 KiB limit however long a
 * card keeps being hit.
 */
export const MAX_TRANSACTION_IDS = 1_000;

const RANK: Record<AlertSeverity, number> = { review: 1, block: 2 };

/** Whether hit `a` outranks hit `b`: higher severity, then higher score. */
function stronger(
  a: { severity: AlertSeverity; score: number },
  b: { severity: AlertSeverity; score: number },
): boolean {
  return RANK[a.severity] > RANK[b.severity] || (a.severity === b.severity && a.score > b.score);
}

/**
 * The alert policy, pure. The severity is the score's `decision`: the
 * inference service decides once, with the model version that made the
 * score (or its fallback rules), so the two services never disagree about a
 * transaction, even while a new model rolls out. The manifest's thresholds
 * word the reasons. An alert shows its strongest hit's score and reasons;
 * its severity only rises.
 */
export function applyScore(
  score: FraudScore,
  open: CardAlert | undefined,
  now: Date,
  thresholds: ModelThresholds,
): AlertChange {
  if (score.decision === 'allow') return { kind: 'none' };
  const hit = {
    severity: score.decision,
    score: score.score,
    reasons: alertReasons(score, thresholds),
    source: score.source,
    modelVersion: score.modelVersion,
  };
  const at = now.toISOString();
  if (open === undefined) {
    const { cardBin, cardLast4 } = score.transaction;
    const alert: CardAlert = {
      schemaVersion: 1,
      alertId: alertIdFor(score.cardToken, score.transactionId),
      cardToken: score.cardToken,
      ...(cardBin === undefined ? {} : { cardBin }),
      ...(cardLast4 === undefined ? {} : { cardLast4 }),
      transactionIds: [score.transactionId],
      ...hit,
      createdAt: at,
      updatedAt: at,
      revision: 1,
      hits: 1,
    };
    return { kind: 'opened', alert };
  }
  const alert: CardAlert = {
    ...open,
    ...(stronger(hit, open) ? hit : {}),
    severity: RANK[hit.severity] > RANK[open.severity] ? hit.severity : open.severity,
    transactionIds:
      open.transactionIds.length < MAX_TRANSACTION_IDS
        ? [...open.transactionIds, score.transactionId]
        : open.transactionIds,
    updatedAt: at,
    revision: open.revision + 1,
    hits: open.hits + 1,
  };
  return { kind: alert.severity === open.severity ? 'grouped' : 'escalated', alert };
}
