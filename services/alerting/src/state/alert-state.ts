import type { CardAlert } from '../policy/card-alert.js';

/** The revision of an alert each sink has taken. */
export interface Deliveries {
  readonly sns: number;
  readonly stream: number;
  readonly webhook: number;
}

/**
 * A card's open alert and how far its delivery got, kept in Redis for the
 * suppression period. Written before anything is published (an outbox): a
 * retry or a restart finishes what was started, with the same content, and
 * never sends a sink a revision it has taken.
 */
export interface AlertState {
  readonly alert: CardAlert;
  /** The score that last changed the alert: its redelivery resumes the delivery instead of adding it twice. */
  readonly lastTransactionId: string;
  /** The latest revision SNS and the webhook must see: the opening, or the latest escalation. */
  readonly notifyRevision: number;
  readonly delivered: Deliveries;
  /** When the alert closes (ms since the epoch): its opening plus the suppression period. */
  readonly closesAt: number;
}
