import { encodeEvent, streamNames, type FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';
import { LOGGER } from '@fraud/observability';
import { SETTINGS } from '@fraud/config';
import { ProcessedTransactions } from '@fraud/idempotency';
import { redisCall } from '@fraud/redis';
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

import { applyScores } from '../policy/apply-scores.js';
import { thresholdDecision } from '../policy/threshold-decision.js';
import type { AlertingSettings } from '../settings/alerting-settings.js';
import { SnsAlertSink } from '../sinks/sns-alert-sink.js';
import { WebhookSink } from '../sinks/webhook-sink.js';
import { nextAlertState, pendingNotice, withDelivered } from '../state/next-alert-state.js';
import { OpenAlertStore, type StoredAlertState } from '../state/open-alert-store.js';
import { AlertingMetrics } from './alerting-metrics.js';
import { MODEL_THRESHOLDS } from './alerting.tokens.js';

/**
 * A card's flagged scores of one batch in, at most one alert change out,
 * delivered in this order:
 *
 * 1. A transaction already handled (ProcessedTransactions) sends nothing.
 * 2. The change is computed by the policy, hit by hit, and saved as the
 *    card's state before anything is published (an outbox).
 * 3. SNS (openings and escalations) and `fraud-alerts` (every revision) at
 *    once, then the webhook (as SNS); each sink's progress is saved after it
 *    took the revision, so a retry never sends a sink what it already has.
 *    With SNS down, `fraud-alerts` still gets the revision in hand.
 * 4. The transactions are marked handled; only then may the records commit.
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

  /**
   * Handles a flagged score with the card's later hits of the same batch
   * (`hits`, this score first; none when an earlier record of the card
   * handled them): one change, one delivery, one mark for them all.
   */
  async handle(
    score: FraudScore,
    record: Omit<IncomingRecord, 'value'>,
    hits: readonly FraudScore[] = [score],
  ): Promise<void> {
    this.checkDecision(score);
    if (score.decision === 'allow' || hits.length === 0) return;
    // A transaction delivered twice within the batch counts once.
    const unique = [...new Map(hits.map((hit) => [hit.transactionId, hit])).values()];
    const keys = unique.map((hit) => ({ cardToken: hit.cardToken, transactionId: hit.transactionId }));
    const done = await redisCall('reading processed transactions', () => this.processed.wereProcessed(keys));
    const fresh = unique.filter((_, index) => done[index] !== true);
    if (fresh.length < hits.length) this.metrics.duplicateScores.inc(hits.length - fresh.length);
    if (fresh.length === 0) return;
    await this.applyAndDeliver(score, fresh, record);
    const freshKeys = keys.filter((_, index) => done[index] !== true);
    await redisCall('marking the transaction processed', () => this.processed.markProcessed(freshKeys));
  }

  /** The card's state with `hits` in it, saved, then delivered. */
  private async applyAndDeliver(
    score: FraudScore,
    hits: readonly FraudScore[],
    record: Omit<IncomingRecord, 'value'>,
  ): Promise<void> {
    let stored = await this.store.load(score.cardToken);
    let pending = hits;
    // A retry after some of these hits' change was saved: finish its delivery, then apply the hits after it.
    const saved =
      stored === undefined ? -1 : hits.findIndex((hit) => hit.transactionId === stored?.state.lastTransactionId);
    if (stored !== undefined && saved >= 0) {
      stored = await this.deliver(score, stored, record);
      pending = hits.slice(saved + 1);
    }
    // Already grouped long ago (their processed marks have expired): nothing to add.
    const listed = stored?.state.alert.transactionIds ?? [];
    const added = pending.filter((hit) => !listed.includes(hit.transactionId));
    if (added.length < pending.length) this.metrics.duplicateScores.inc(pending.length - added.length);
    const last = added.at(-1);
    if (last === undefined) return;
    const now = new Date();
    // Past its period an alert is closed, though its key lingers a little (STATE_GRACE_MS).
    const open = stored !== undefined && now.getTime() < stored.state.closesAt ? stored.state : undefined;
    const { change, joined } = applyScores(added, open?.alert, now, this.thresholds);
    if (change.kind === 'none') return;
    const state = nextAlertState(open, change, last.transactionId, now, this.settings.ALERT_SUPPRESSION_SECONDS);
    const version = await this.store.save(score.cardToken, state, stored?.version ?? 0);
    if (change.kind !== 'grouped') this.metrics.alerts.inc({ severity: change.alert.severity, event: change.kind });
    for (const severity of joined) this.metrics.suppressedHits.inc({ severity });
    await this.deliver(score, { state, version }, record);
  }

  /**
   * SNS and `fraud-alerts` at once, then the webhook, each only if it does
   * not have the revision yet; the state once all have it. A sink that took
   * the revision is saved as having it even when the other failed, so the
   * retry sends only what is missing.
   */
  private async deliver(
    score: FraudScore,
    applied: StoredAlertState,
    record: Omit<IncomingRecord, 'value'>,
  ): Promise<StoredAlertState> {
    let { state, version } = applied;
    const progress = async (sinks: readonly ('sns' | 'stream' | 'webhook')[]): Promise<void> => {
      state = sinks.reduce((next, sink) => withDelivered(next, sink), state);
      version = await this.store.save(score.cardToken, state, version);
    };
    const sends: { sink: 'sns' | 'stream'; sent: Promise<void> }[] = [];
    const snsNotice = pendingNotice(state, 'sns');
    if (snsNotice !== undefined) sends.push({ sink: 'sns', sent: this.sns.publish(snsNotice) });
    if (state.delivered.stream < state.alert.revision) {
      const event = state.alert;
      sends.push({ sink: 'stream', sent: this.publisher.publish('fraud-alerts', [event]) });
    }
    const outcomes = await Promise.allSettled(sends.map(({ sent }) => sent));
    const took = sends.filter((_, index) => outcomes[index]?.status === 'fulfilled').map(({ sink }) => sink);
    if (took.length > 0) await progress(took);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const webhookNotice = this.webhook.enabled ? pendingNotice(state, 'webhook') : undefined;
    if (webhookNotice !== undefined) {
      const outcome = await this.webhook.deliver(webhookNotice);
      if (!outcome.delivered) {
        await this.deadLetterWebhook(score, record, webhookNotice.alert.alertId, outcome);
      }
      await progress(['webhook']);
    }
    return { state, version };
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
