import { describe, expect, it } from 'vitest';

import { applyScore } from '../policy/alert-policy.js';
import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import type { AlertState } from './alert-state.js';
import { nextAlertState, pendingNotice, withDelivered } from './next-alert-state.js';

const T0 = new Date('2026-11-22T10:15:31.000Z');
const T1 = new Date('2026-11-22T10:16:02.000Z');

function changeOf(id: string, decision: 'review' | 'block', open?: AlertState) {
  const change = applyScore(
    scoreOf({ card: 'a', id, decision }),
    open?.alert,
    open === undefined ? T0 : T1,
    THRESHOLDS,
  );
  if (change.kind === 'none') throw new Error('expected a change');
  return change;
}

describe('nextAlertState', () => {
  it('opens with its period, owing SNS, the stream and the webhook revision 1', () => {
    const state = nextAlertState(undefined, changeOf('t1', 'review'), 't1', T0, 600);
    expect(state).toMatchObject({
      lastTransactionId: 't1',
      notifyRevision: 1,
      delivered: { sns: 0, stream: 0, webhook: 0 },
      closesAt: T0.getTime() + 600_000,
    });
    expect(pendingNotice(state, 'sns')).toEqual({ event: 'opened', alert: state.alert });
    expect(pendingNotice(state, 'webhook')).toEqual({ event: 'opened', alert: state.alert });
  });

  it('after a grouped hit owes only the stream its new revision; the period does not move', () => {
    const opened = nextAlertState(undefined, changeOf('t1', 'review'), 't1', T0, 600);
    const sent = withDelivered(withDelivered(withDelivered(opened, 'sns'), 'stream'), 'webhook');
    const grouped = nextAlertState(sent, changeOf('t2', 'review', sent), 't2', T1, 600);
    expect(grouped).toMatchObject({
      lastTransactionId: 't2',
      notifyRevision: 1,
      delivered: { sns: 1, stream: 1, webhook: 1 },
      closesAt: T0.getTime() + 600_000,
    });
    expect(grouped.alert.revision).toBe(2);
    expect([pendingNotice(grouped, 'sns'), pendingNotice(grouped, 'webhook')]).toEqual([undefined, undefined]);
  });

  it('after an escalation owes SNS and the webhook the escalated revision', () => {
    const opened = nextAlertState(undefined, changeOf('t1', 'review'), 't1', T0, 600);
    const sent = withDelivered(withDelivered(opened, 'sns'), 'stream');
    const escalated = nextAlertState(sent, changeOf('t2', 'block', sent), 't2', T1, 600);
    expect(escalated.notifyRevision).toBe(2);
    expect(pendingNotice(escalated, 'sns')).toEqual({ event: 'escalated', alert: escalated.alert });
    expect(pendingNotice(withDelivered(escalated, 'sns'), 'sns')).toBeUndefined();
  });

  it('owes an opening, not an escalation, to a sink that has had none of the alert yet', () => {
    const opened = nextAlertState(undefined, changeOf('t1', 'review'), 't1', T0, 600);
    const escalated = nextAlertState(opened, changeOf('t2', 'block', opened), 't2', T1, 600);
    expect(pendingNotice(escalated, 'sns')).toEqual({ event: 'opened', alert: escalated.alert });
  });
});
