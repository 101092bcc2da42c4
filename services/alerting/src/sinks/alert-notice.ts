import type { CardAlert } from '../policy/card-alert.js';

/** Why a notice goes out: an alert opened, or an open alert rose to `block`. */
export type NoticeEvent = 'opened' | 'escalated';

/** One alert revision to notify: what SNS and the webhook receive. */
export interface AlertNotice {
  readonly event: NoticeEvent;
  readonly alert: CardAlert;
}
