import type { LatencySummary } from '../figures/latency-summary.js';
import type { DemoReport } from './demo-report.js';
import { formatCount, formatMs, formatRedis, formatShare } from './format.js';
import { histogramBars } from './latency-histogram.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

function latencyRow(name: string, summary: LatencySummary): string[] {
  return [name, formatCount(summary.count), formatMs(summary.p50Ms), formatMs(summary.p99Ms), formatMs(summary.maxMs)];
}

/** The report as a page to read: what ran, what reached each stage, how fast, how well, per scenario. */
export function markdownReport(report: DemoReport): string {
  const { run, figures } = report;
  const { delivery, latency, quality } = figures;
  const deadLettered = Object.values(report.deadLetters).reduce((sum, count) => sum + count, 0);
  const lines = [
    `# Fraud detection demo: ${run.transport}, ${formatCount(run.rate)} tx/s for ${run.durationSeconds} s${run.redis.cluster ? ` on ${formatRedis(run.redis)}` : ''}`,
    '',
    `Started ${run.startedAt}, finished ${run.finishedAt}${run.interrupted ? ' (interrupted: the figures cover the run until then)' : ''}.`,
    `Simulator seed ${run.seed}, ${formatCount(run.customers)} cards, fraud ×${run.fraudMultiplier}, scenarios ${run.scenarios?.join(', ') ?? 'all'}; ` +
      `${run.partitions} ${run.transport === 'kafka' ? 'partitions' : 'shards'} per stream, prefix \`${run.streamPrefix}\`.`,
    `Redis: ${formatRedis(run.redis)}${run.redis.cluster ? ' (every service with `REDIS_CLUSTER=true`)' : ''}.`,
    '',
    '## What flowed',
    '',
    ...table(
      ['stage', 'count'],
      [
        ['transactions', formatCount(delivery.transactions)],
        ['transactions per second', formatCount(figures.transactionsPerSecond)],
        [
          'scores',
          `${formatCount(delivery.scores.scored)} (${formatCount(delivery.scores.missing)} missing, ${formatCount(delivery.scores.repeated)} repeated)`,
        ],
        [
          'scores by the model / by the fallback rules',
          `${formatCount(delivery.scores.bySource.model)} / ${formatCount(delivery.scores.bySource.rules)}`,
        ],
        [
          'decisions allow / review / block',
          `${formatCount(delivery.scores.byDecision.allow)} / ${formatCount(delivery.scores.byDecision.review)} / ${formatCount(delivery.scores.byDecision.block)}`,
        ],
        ['alerts (cards)', `${formatCount(delivery.alerts.alerts)} (${formatCount(delivery.alerts.cards)})`],
        ['alert revisions on fraud-alerts', formatCount(delivery.alerts.revisions)],
        [
          'notices through SNS (owed)',
          `${formatCount(delivery.alerts.notices)} (${formatCount(delivery.alerts.expectedNotices)})`,
        ],
        ['dead letters', formatCount(deadLettered)],
      ],
    ),
    '',
    '## Transaction-to-alert latency',
    '',
    latency.measuredFrom === null
      ? 'Every transaction counts.'
      : `Transactions appended after the ${run.warmupSeconds} s warm-up.`,
    '',
    ...table(
      ['from the transaction’s append to', 'transactions', 'p50', 'p99', 'max'],
      [
        latencyRow('its alert on fraud-alerts', latency.toAlert),
        latencyRow('its notice through SNS/SQS', latency.toNotice),
      ],
    ),
    '',
    'To `fraud-alerts`:',
    '',
    '```text',
    ...histogramBars(report.histograms.toAlert),
    '```',
    '',
    'Through SNS to the subscribed queue:',
    '',
    '```text',
    ...histogramBars(report.histograms.toNotice),
    '```',
    '',
    '## Where the time goes',
    '',
    'Each service’s own metrics at the end: the mean time a record waited before its handling (from its timestamp),',
    'the mean time it spent in the handler (its batch’s time, from arrival to published), per call to what it depends',
    'on, and the CPU seconds the service used over the run (on one machine, who took the cores).',
    '',
    ...table(
      ['service', 'records', 'wait', 'per record', 'calls', 'per call', 'CPU'],
      Object.entries(report.services).map(([service, timing]) => [
        service,
        formatCount(timing.records),
        formatMs(timing.waitMeanMs),
        formatMs(timing.handlerMeanMs),
        timing.calls === undefined
          ? '—'
          : `${formatCount(timing.calls)} (${service === 'alerting' ? 'SNS' : 'endpoint'})`,
        formatMs(timing.callMeanMs ?? null),
        `${timing.cpuSeconds.toFixed(1)} s`,
      ]),
    ),
    '',
    '## Precision and recall per scenario',
    '',
    'A transaction counts as alerted when an alert on `fraud-alerts` lists it. Precision of a scenario is against genuine',
    'transactions only (its alerted frauds over those plus every alerted genuine one), as in the model’s evaluation.',
    '',
    ...table(
      ['scenario', 'transactions', 'alerted', 'recall', 'precision vs genuine'],
      Object.entries(quality.perScenario).map(([scenario, q]) => [
        scenario,
        formatCount(q.transactions),
        formatCount(q.alerted),
        formatShare(q.recall),
        formatShare(q.precisionVsLegit),
      ]),
    ),
    '',
    `All fraud: precision ${formatShare(quality.precision)}, recall ${formatShare(quality.recall)} ` +
      `(${formatCount(quality.alertedFrauds)} of ${formatCount(quality.frauds)} frauds alerted, ${formatCount(quality.alerted)} transactions alerted).`,
    `Card testing and impossible travel with an earlier transaction of the card in the window: recall ` +
      `${formatShare(quality.burstsWithEarlier.recall)} (${formatCount(quality.burstsWithEarlier.alerted)} of ${formatCount(quality.burstsWithEarlier.transactions)}).`,
    '',
  ];
  return lines.join('\n');
}
