import type { AlertChange } from '../policy/alert-policy.js';
import type { AlertNotice } from '../sinks/alert-notice.js';
import type { AlertState, Deliveries } from './alert-state.js';

/**
 * The card's state after a change of its alert (not `none`): an opened
 * alert starts its period and must be notified; an escalation must be
 * notified again; a grouped hit only changes the alert's record.
 */
export function nextAlertState(
  previous: AlertState | undefined,
  change: Exclude<AlertChange, { kind: 'none' }>,
  transactionId: string,
  now: Date,
  suppressionSeconds: number,
): AlertState {
  const { alert } = change;
  if (change.kind === 'opened' || previous === undefined) {
    return {
      alert,
      lastTransactionId: transactionId,
      notifyRevision: alert.revision,
      delivered: { sns: 0, stream: 0, webhook: 0 },
      closesAt: now.getTime() + suppressionSeconds * 1_000,
    };
  }
  return {
    ...previous,
    alert,
    lastTransactionId: transactionId,
    notifyRevision: change.kind === 'escalated' ? alert.revision : previous.notifyRevision,
  };
}

/** The state once `sink` has taken the alert's current revision (or, for notices, its notice). */
export function withDelivered(state: AlertState, sink: keyof Deliveries): AlertState {
  return { ...state, delivered: { ...state.delivered, [sink]: state.alert.revision } };
}

/**
 * What SNS and the webhook are owed, if anything: the alert as it is now,
 * `opened` when the sink has had none of its revisions yet, `escalated` after.
 */
export function pendingNotice(state: AlertState, sink: 'sns' | 'webhook'): AlertNotice | undefined {
  if (state.delivered[sink] >= state.notifyRevision) return undefined;
  return { event: state.delivered[sink] === 0 ? 'opened' : 'escalated', alert: state.alert };
}
