import { encodeEvent, streamNames, type FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';
import { LOGGER, SETTINGS } from '@fraud/observability';
import { ProcessedTransactions, redisCall } from '@fraud/redis';
import { TransientError } from '@fraud/resilience';
import {
  buildDeadLetter,
  EventPublisher,
  STREAM_PREFIX,
  STREAM_TRANSPORT,
  type IncomingRecord,
  type StreamTransport,
} from '@fraud/transport';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { applyScore } from '../policy/alert-policy.js';
import { thresholdDecision } from '../policy/threshold-decision.js';
import type { AlertingSettings } from '../settings/alerting-settings.js';
import { SnsAlertSink } from '../sinks/sns-alert-sink.js';
import { WebhookSink } from '../sinks/webhook-sink.js';
import type { AlertState } from '../state/alert-state.js';
import { nextAlertState, pendingNotice, withDelivered } from '../state/next-alert-state.js';
import { OpenAlertStore } from '../state/open-alert-store.js';
import { AlertingMetrics } from './alerting-metrics.js';
import { MODEL_THRESHOLDS } from './alerting.tokens.js';

/**
 * One score in, at most one alert change out, delivered in this order:
 *
 * 1. A transaction already handled (ProcessedTransactions) sends nothing.
 * 2. The change is computed by the policy and saved as the card's state
 *    before anything is published (an outbox).
 * 3. SNS (openings and escalations), then `fraud-alerts` (every revision),
 *    then the webhook (as SNS); each sink's progress is saved after it took
 *    the revision, so a retry never sends a sink what it already has.
 * 4. The transaction is marked handled; only then may the record commit.
 *
 * A failure of SNS, the stream or Redis is transient: the record is retried
 * from where it stopped, and nothing after it is committed meanwhile.
 */
@Injectable()
export class AlertProcessor {
  private readonly deadLetterStream: string;

  constructor(
    private readonly store: OpenAlertStore,
    private readonly processed: ProcessedTransactions,
    private readonly sns: SnsAlertSink,
    private readonly webhook: WebhookSink,
    private readonly publisher: EventPublisher,
    private readonly metrics: AlertingMetrics,
    @Inject(MODEL_THRESHOLDS) private readonly thresholds: ModelThresholds,
    @Inject(SETTINGS) private readonly settings: AlertingSettings,
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransport,
    @Inject(STREAM_PREFIX) streamPrefix: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.deadLetterStream = streamNames(streamPrefix).deadLetter('fraud-scores');
  }

  async handle(score: FraudScore, record: Omit<IncomingRecord, 'value'>): Promise<void> {
    this.checkDecision(score);
    if (score.decision === 'allow') return;
    const key = { cardToken: score.cardToken, transactionId: score.transactionId };
    const [done] = await redisCall('reading processed transactions', () => this.processed.wereProcessed([key]));
    if (done === true) {
      this.metrics.duplicateScores.inc();
      return;
    }
    const applied = await this.apply(score);
    if (applied !== undefined) await this.deliver(score, applied, record);
    await redisCall('marking the transaction processed', () => this.processed.markProcessed([key]));
  }

  /** The card's state with this score in it, saved; undefined when the alert already holds it. */
  private async apply(score: FraudScore): Promise<{ state: AlertState; version: number } | undefined> {
    const stored = await this.store.load(score.cardToken);
    // A retry of this very score after its change was saved: finish its delivery.
    if (stored?.state.lastTransactionId === score.transactionId) return stored;
    // Already grouped long ago (its processed mark has expired): nothing to add.
    if (stored?.state.alert.transactionIds.includes(score.transactionId) === true) {
      this.metrics.duplicateScores.inc();
      return undefined;
    }
    const now = new Date();
    // Past its period an alert is closed, though its key lingers a little (STATE_GRACE_MS).
    const open = stored !== undefined && now.getTime() < stored.state.closesAt ? stored.state : undefined;
    const change = applyScore(score, open?.alert, now, this.thresholds);
    if (change.kind === 'none') return undefined;
    const state = nextAlertState(open, change, score.transactionId, now, this.settings.ALERT_SUPPRESSION_SECONDS);
    const version = await this.store.save(score.cardToken, state, stored?.version ?? 0);
    if (change.kind === 'grouped') this.metrics.suppressedHits.inc({ severity: score.decision });
    else this.metrics.alerts.inc({ severity: change.alert.severity, event: change.kind });
    return { state, version };
  }

  private async deliver(
    score: FraudScore,
    applied: { state: AlertState; version: number },
    record: Omit<IncomingRecord, 'value'>,
  ): Promise<void> {
    let { state, version } = applied;
    const progress = async (sink: 'sns' | 'stream' | 'webhook'): Promise<void> => {
      state = withDelivered(state, sink);
      version = await this.store.save(score.cardToken, state, version);
    };
    const snsNotice = pendingNotice(state, 'sns');
    if (snsNotice !== undefined) {
      await this.sns.publish(snsNotice);
      await progress('sns');
    }
    if (state.delivered.stream < state.alert.revision) {
      await this.publisher.publish('fraud-alerts', [{ key: state.alert.cardToken, event: state.alert }]);
      await progress('stream');
    }
    const webhookNotice = this.webhook.enabled ? pendingNotice(state, 'webhook') : undefined;
    if (webhookNotice !== undefined) {
      const outcome = await this.webhook.deliver(webhookNotice);
      if (!outcome.delivered) {
        await this.deadLetterWebhook(score, record, webhookNotice.alert.alertId, outcome);
      }
      await progress('webhook');
    }
  }

  /**
   * A notice the webhook did not take within its attempts goes to
   * `fraud-scores-dlq` with the score that raised it, the alert id and the
   * reason; the alert itself is on SNS and `fraud-alerts` already.
   */
  private async deadLetterWebhook(
    score: FraudScore,
    record: Omit<IncomingRecord, 'value'>,
    alertId: string,
    outcome: { attempts: number; error: string },
  ): Promise<void> {
    const error = `webhook: alert ${alertId} not delivered after ${outcome.attempts} attempt(s): ${outcome.error}`;
    this.logger.error(
      { alertId, attempts: outcome.attempts, partition: record.partition, position: record.position },
      error,
    );
    const letter = {
      ...buildDeadLetter(
        { ...record, value: encodeEvent(score) },
        { error, attempts: outcome.attempts, failedAt: new Date() },
      ),
      alertId,
    };
    try {
      await this.transport.publisher.publish(this.deadLetterStream, [{ key: record.key, value: encodeEvent(letter) }]);
    } catch (publishError) {
      throw new TransientError(`publishing the webhook's dead letter failed`, { cause: publishError });
    }
  }

  /** The decision is trusted (see applyScore); a disagreement with the thresholds is counted and logged. */
  private checkDecision(score: FraudScore): void {
    const expected = thresholdDecision(score, this.thresholds);
    if (expected === undefined || expected === score.decision) return;
    this.metrics.decisionMismatches.inc();
    this.logger.warn(
      { transactionId: score.transactionId, score: score.score, decision: score.decision, expected },
      'score decision differs from the manifest thresholds; the decision is kept',
    );
  }
}
