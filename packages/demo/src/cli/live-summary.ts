import { LEGIT_SCENARIO } from '@fraud/contracts';

import { formatCount, formatMs, formatShare } from '../report/format.js';
import type { RunProgress } from '../run/worked-example.js';

/** The live terminal summary: throughput, stages, latency and dead letters, then alert quality per scenario. */
export function liveSummaryLines(progress: RunProgress): string[] {
  const { delivery, latency, quality } = progress.figures;
  const flow = [
    `[${String(progress.elapsedSeconds).padStart(4)} s]`,
    `tx ${formatCount(delivery.transactions)} (${formatCount(progress.recentTransactionsPerSecond)}/s)`,
    `scores ${formatCount(delivery.scores.scored)}`,
    `alerts ${formatCount(delivery.alerts.alerts)} (SNS ${formatCount(delivery.alerts.notices)})`,
    `tx→alert p50 ${formatMs(latency.toAlert.p50Ms)} p99 ${formatMs(latency.toAlert.p99Ms)}`,
    `DLQ ${Number.isNaN(progress.deadLettered) ? '?' : formatCount(progress.deadLettered)}`,
  ].join('  ');
  const recalls = Object.entries(quality.perScenario)
    .filter(([scenario]) => scenario !== LEGIT_SCENARIO)
    .map(([scenario, q]) => `${scenario} ${formatShare(q.recall)}`);
  const scenarios = `         precision ${formatShare(quality.precision)}  recall ${recalls.length > 0 ? recalls.join(', ') : '—'}`;
  return [flow, scenarios];
}
