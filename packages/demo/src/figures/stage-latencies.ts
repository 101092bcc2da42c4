import type { Observations } from '../observe/observations.js';

/** Where a transaction first appeared in an alert. */
interface FirstAlerted {
  alertId: string;
  revision: number;
  appendedAt: number;
}

/** Each alerted transaction's first revision on `fraud-alerts` (by append time). */
export function firstAlertedRevisions(observations: Observations): Map<string, FirstAlerted> {
  const first = new Map<string, FirstAlerted>();
  for (const revision of observations.alertRevisions) {
    for (const transactionId of revision.transactionIds) {
      const seen = first.get(transactionId);
      if (seen === undefined || revision.appendedAt < seen.appendedAt) {
        first.set(transactionId, {
          alertId: revision.alertId,
          revision: revision.revision,
          appendedAt: revision.appendedAt,
        });
      }
    }
  }
  return first;
}

/**
 * Latencies in milliseconds of the transactions appended at or after
 * `measuredFrom`:
 * - `toScore`: from the transaction's append on `transactions` to its score's
 *   append on `fraud-scores` (every transaction: where a queue builds up, it
 *   shows here or after);
 * - `toAlert`: from the transaction's append on `transactions` to the append
 *   of the first alert revision that lists it on `fraud-alerts`;
 * - `toNotice`: from the transaction's append to the receipt, through SNS
 *   and the subscribed queue, of the notice of the revision it raised
 *   (an alert's opening or escalation; hits that joined an open alert
 *   without changing its severity are not notified, so they have none).
 */
export function stageLatencies(
  observations: Observations,
  measuredFrom = Number.NEGATIVE_INFINITY,
): { toScore: number[]; toAlert: number[]; toNotice: number[] } {
  const first = firstAlertedRevisions(observations);
  const appended = (transactionId: string): number | undefined => {
    const at = observations.transactions.get(transactionId)?.appendedAt;
    return at !== undefined && at >= measuredFrom ? at : undefined;
  };
  const toScore: number[] = [];
  for (const [transactionId, score] of observations.scores) {
    const at = appended(transactionId);
    if (at !== undefined) toScore.push(score.appendedAt - at);
  }
  const toAlert: number[] = [];
  for (const [transactionId, alerted] of first) {
    const at = appended(transactionId);
    if (at !== undefined) toAlert.push(alerted.appendedAt - at);
  }
  const toNotice: number[] = [];
  const notified = new Set<string>();
  for (const notice of observations.notices) {
    const key = `${notice.alertId}#${notice.revision}`;
    if (notified.has(key)) continue;
    notified.add(key);
    for (const transactionId of notice.transactionIds) {
      const alerted = first.get(transactionId);
      const at = appended(transactionId);
      if (at !== undefined && alerted?.alertId === notice.alertId && alerted.revision === notice.revision) {
        toNotice.push(notice.receivedAt - at);
      }
    }
  }
  return { toScore, toAlert, toNotice };
}
