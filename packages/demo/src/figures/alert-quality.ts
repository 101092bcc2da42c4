import { LEGIT_SCENARIO } from '@fraud/contracts';

import type { Observations } from '../observe/observations.js';

/** Scenarios whose frauds show in the 10-minute window once the card has an earlier transaction in it. */
export const BURST_SCENARIOS: readonly string[] = ['card_testing', 'impossible_travel'];

export interface ScenarioQuality {
  transactions: number;
  /** Of them, listed in an alert. */
  alerted: number;
  /** alerted / transactions; for `legit`, the share of genuine transactions alerted. */
  recall: number | null;
  /** Alerted of the scenario over those plus every alerted genuine one, as if it were the only fraud (as the model's evaluation). */
  precisionVsLegit: number | null;
}

export interface AlertQuality {
  /** Transactions with a label and a score: those the figures are about. */
  labelled: number;
  frauds: number;
  alerted: number;
  alertedFrauds: number;
  /** alertedFrauds / alerted. */
  precision: number | null;
  /** alertedFrauds / frauds. */
  recall: number | null;
  perScenario: Record<string, ScenarioQuality>;
  /** `card_testing` and `impossible_travel` transactions whose card had an earlier transaction in the window. */
  burstsWithEarlier: { transactions: number; alerted: number; recall: number | null };
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Every transaction listed in any revision of any alert on `fraud-alerts`. */
export function alertedTransactions(observations: Observations): Set<string> {
  return new Set(observations.alertRevisions.flatMap((revision) => revision.transactionIds));
}

/**
 * Precision and recall against the simulator's labels, at the alert level:
 * a transaction counts as alerted when an alert on `fraud-alerts` lists it.
 * Only scored transactions count (at the end of a run, every one).
 */
export function alertQuality(observations: Observations): AlertQuality {
  const alerted = alertedTransactions(observations);
  const counts = new Map<string, { transactions: number; alerted: number }>();
  const bursts = { transactions: 0, alerted: 0 };
  let frauds = 0;
  let alertedFrauds = 0;
  let alertedLabelled = 0;
  let labelled = 0;
  for (const [transactionId, label] of observations.labels) {
    // While a run goes on, transactions not yet scored cannot have been alerted: they wait.
    if (!observations.scores.has(transactionId)) continue;
    labelled += 1;
    const isAlerted = alerted.has(transactionId);
    const count = counts.get(label.scenario) ?? { transactions: 0, alerted: 0 };
    count.transactions += 1;
    if (isAlerted) count.alerted += 1;
    counts.set(label.scenario, count);
    if (isAlerted) alertedLabelled += 1;
    if (label.isFraud) {
      frauds += 1;
      if (isAlerted) alertedFrauds += 1;
    }
    if (BURST_SCENARIOS.includes(label.scenario) && observations.scores.get(transactionId)?.earlierInWindow === true) {
      bursts.transactions += 1;
      if (isAlerted) bursts.alerted += 1;
    }
  }
  const alertedLegit = counts.get(LEGIT_SCENARIO)?.alerted ?? 0;
  const perScenario = Object.fromEntries(
    [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([scenario, count]): [string, ScenarioQuality] => [
        scenario,
        {
          ...count,
          recall: ratio(count.alerted, count.transactions),
          precisionVsLegit: scenario === LEGIT_SCENARIO ? null : ratio(count.alerted, count.alerted + alertedLegit),
        },
      ]),
  );
  return {
    labelled,
    frauds,
    alerted: alertedLabelled,
    alertedFrauds,
    precision: ratio(alertedFrauds, alertedLabelled),
    recall: ratio(alertedFrauds, frauds),
    perScenario,
    burstsWithEarlier: { ...bursts, recall: ratio(bursts.alerted, bursts.transactions) },
  };
}
