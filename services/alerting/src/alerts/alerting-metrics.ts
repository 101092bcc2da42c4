import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

@Injectable()
export class AlertingMetrics {
  /** Alerts opened and escalated (what was notified), by severity. */
  readonly alerts: Counter<'severity' | 'event'>;
  /** Flagged hits added to a card's open alert instead of a new notification. */
  readonly suppressedHits: Counter<'severity'>;
  /** Scores already handled (redeliveries), which send nothing again. */
  readonly duplicateScores: Counter;
  /** Model scores whose decision is not what the manifest's thresholds give. */
  readonly decisionMismatches: Counter;
  readonly snsPublishFailures: Counter;
  readonly snsPublishSeconds: Histogram;
  readonly webhookDeliveries: Counter<'outcome'>;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.alerts = new Counter({
      name: 'alerting_alerts_total',
      help: 'Alerts notified on SNS (and the webhook): opened, or escalated to block.',
      labelNames: ['severity', 'event'],
      registers,
    });
    this.suppressedHits = new Counter({
      name: 'alerting_suppressed_hits_total',
      help: 'Flagged scores added to their card’s open alert rather than notified again.',
      labelNames: ['severity'],
      registers,
    });
    this.duplicateScores = new Counter({
      name: 'alerting_duplicate_scores_total',
      help: 'Flagged scores of transactions already handled (redeliveries): nothing sent again.',
      registers,
    });
    this.decisionMismatches = new Counter({
      name: 'alerting_decision_mismatches_total',
      help: 'Scores of the manifest’s model whose decision differs from its thresholds (the decision is kept).',
      registers,
    });
    this.snsPublishFailures = new Counter({
      name: 'alerting_sns_publish_failures_total',
      help: 'SNS publish attempts that failed (retried until they pass).',
      registers,
    });
    this.snsPublishSeconds = new Histogram({
      name: 'alerting_sns_publish_seconds',
      help: 'Time of successful SNS publishes.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'alerting_webhook_deliveries_total',
      help: 'Webhook notices by outcome: delivered, or failed after the bounded retries (dead-lettered).',
      labelNames: ['outcome'],
      registers,
    });
  }
}
