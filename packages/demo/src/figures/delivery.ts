import { DECISIONS, SCORE_SOURCES, type Decision, type ScoreSource } from '@fraud/contracts';

import type { ObservedAlertRevision, Observations } from '../observe/observations.js';

export interface ScoreDelivery {
  /** Transactions with a score. */
  scored: number;
  /** Records on `fraud-scores`. */
  records: number;
  /** Transactions without a score. */
  missing: number;
  /** Transactions scored more than once. */
  repeated: number;
  bySource: Record<ScoreSource, number>;
  byDecision: Record<Decision, number>;
}

export interface AlertDelivery {
  /** Distinct alerts (alertId). */
  alerts: number;
  /** Distinct revisions (alertId, revision) on `fraud-alerts`, and how many of them came more than once. */
  revisions: number;
  repeatedRevisions: number;
  cards: number;
  /** Cards with more than one alert: suppression groups a card's hits into one per period. */
  cardsWithSeveralAlerts: number;
  /** Distinct notices received through SNS, and how many came more than once. */
  notices: number;
  repeatedNotices: number;
  /** Revisions that open or escalate an alert: each is owed one notice. */
  expectedNotices: number;
  missingNotices: number;
  /** Notices of revisions that open or escalate nothing on the stream. */
  unexpectedNotices: number;
}

export interface Delivery {
  transactions: number;
  transactionRecords: number;
  scores: ScoreDelivery;
  alerts: AlertDelivery;
  undecodable: number;
}

const revisionKey = (alertId: string, revision: number): string => `${alertId}#${revision}`;

/** The revisions that owe a notice: an alert's opening, and each escalation from `review` to `block`. */
export function notifiedRevisions(revisions: readonly ObservedAlertRevision[]): Set<string> {
  const byAlert = new Map<string, Map<number, ObservedAlertRevision>>();
  for (const revision of revisions) {
    const ofAlert = byAlert.get(revision.alertId) ?? new Map<number, ObservedAlertRevision>();
    ofAlert.set(revision.revision, revision);
    byAlert.set(revision.alertId, ofAlert);
  }
  const owed = new Set<string>();
  for (const [alertId, ofAlert] of byAlert) {
    for (const [number, revision] of ofAlert) {
      const previous = ofAlert.get(number - 1);
      if (number === 1 || (revision.severity === 'block' && previous?.severity === 'review')) {
        owed.add(revisionKey(alertId, number));
      }
    }
  }
  return owed;
}

function scoreDelivery(observations: Observations): ScoreDelivery {
  const bySource = Object.fromEntries(SCORE_SOURCES.map((source) => [source, 0])) as Record<ScoreSource, number>;
  const byDecision = Object.fromEntries(DECISIONS.map((decision) => [decision, 0])) as Record<Decision, number>;
  let records = 0;
  let repeated = 0;
  for (const score of observations.scores.values()) {
    records += score.copies;
    if (score.copies > 1) repeated += 1;
    bySource[score.source] += 1;
    byDecision[score.decision] += 1;
  }
  let missing = 0;
  for (const transactionId of observations.transactions.keys()) {
    if (!observations.scores.has(transactionId)) missing += 1;
  }
  return { scored: observations.scores.size, records, missing, repeated, bySource, byDecision };
}

function alertDelivery(observations: Observations): AlertDelivery {
  const revisions = new Set<string>();
  let repeatedRevisions = 0;
  const alertsOfCard = new Map<string, Set<string>>();
  for (const revision of observations.alertRevisions) {
    const key = revisionKey(revision.alertId, revision.revision);
    if (revisions.has(key)) repeatedRevisions += 1;
    revisions.add(key);
    const alerts = alertsOfCard.get(revision.cardToken) ?? new Set<string>();
    alerts.add(revision.alertId);
    alertsOfCard.set(revision.cardToken, alerts);
  }
  const notices = new Set<string>();
  let repeatedNotices = 0;
  for (const notice of observations.notices) {
    const key = revisionKey(notice.alertId, notice.revision);
    if (notices.has(key)) repeatedNotices += 1;
    notices.add(key);
  }
  const owed = notifiedRevisions(observations.alertRevisions);
  const cardAlerts = [...alertsOfCard.values()];
  return {
    alerts: new Set(observations.alertRevisions.map((revision) => revision.alertId)).size,
    revisions: revisions.size,
    repeatedRevisions,
    cards: alertsOfCard.size,
    cardsWithSeveralAlerts: cardAlerts.filter((alerts) => alerts.size > 1).length,
    notices: notices.size,
    repeatedNotices,
    expectedNotices: owed.size,
    missingNotices: [...owed].filter((key) => !notices.has(key)).length,
    unexpectedNotices: [...notices].filter((key) => !owed.has(key)).length,
  };
}

/** What reached each stage: scores per transaction, alert revisions, and notices through SNS. */
export function delivery(observations: Observations): Delivery {
  return {
    transactions: observations.transactions.size,
    transactionRecords: observations.transactionRecords,
    scores: scoreDelivery(observations),
    alerts: alertDelivery(observations),
    undecodable: observations.undecodable.length,
  };
}
