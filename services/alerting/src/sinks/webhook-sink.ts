import { SETTINGS } from '@fraud/config';
import { retry, TransientError, type BackoffPolicy } from '@fraud/resilience';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

import { AlertingMetrics } from '../alerts/alerting-metrics.js';
import type { AlertingSettings } from '../settings/alerting-settings.js';
import type { AlertNotice } from './alert-notice.js';
import { SIGNATURE_HEADER, webhookSignature } from './webhook-signature.js';

/** How one notice's delivery ended. */
export type WebhookOutcome =
  | { readonly delivered: true; readonly attempts: number }
  | { readonly delivered: false; readonly attempts: number; readonly error: string };

const BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 5_000, multiplier: 2 };

/** An answer that says the receiver will never take this notice: retrying cannot help. */
class WebhookRejection extends Error {
  override readonly name = 'WebhookRejection';
}

/** 4xx other than 408 (timeout) and 429 (slow down) is the receiver refusing the request itself. */
function isRejection(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * The optional webhook (ALERT_WEBHOOK_URL): each notice POSTed as the
 * alert's JSON, signed (webhook-signature.ts), with a bounded number of
 * attempts (ALERT_WEBHOOK_MAX_ATTEMPTS, each within ALERT_WEBHOOK_TIMEOUT_MS,
 * backoff with jitter between). Bounded, because the webhook is a
 * convenience beside SNS and the stream: a receiver that is down delays its
 * card's next records by those attempts, never forever.
 */
@Injectable()
export class WebhookSink implements BeforeApplicationShutdown {
  private readonly url: string | undefined;
  private readonly secret: string;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  // Shutdown ends a delivery still retrying, before the consumers drain.
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(SETTINGS) settings: AlertingSettings,
    private readonly metrics: AlertingMetrics,
  ) {
    this.url = settings.ALERT_WEBHOOK_URL;
    this.secret = settings.ALERT_WEBHOOK_SECRET ?? '';
    this.maxAttempts = settings.ALERT_WEBHOOK_MAX_ATTEMPTS;
    this.timeoutMs = settings.ALERT_WEBHOOK_TIMEOUT_MS;
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  /**
   * Delivers the notice, or gives up after the attempts and says why.
   * Rejects with a TransientError only when shutdown interrupts it: the
   * record is then not committed, and the delivery resumes after the restart.
   */
  async deliver(notice: AlertNotice): Promise<WebhookOutcome> {
    const url = this.url;
    if (url === undefined) throw new Error('deliver called without ALERT_WEBHOOK_URL');
    const body = JSON.stringify(notice.alert);
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: webhookSignature(body, this.secret),
      'x-alert-event': notice.event,
      // The receiver's deduplication key: a resumed delivery repeats it.
      'idempotency-key': `${notice.alert.alertId}:${notice.alert.revision}`,
    };
    let attempts = 0;
    try {
      await retry(
        async () => {
          attempts += 1;
          const response = await fetch(url, {
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.shutdown.signal]),
          });
          // The body is not needed; reading it frees the connection.
          await response.arrayBuffer();
          if (response.ok) return;
          const message = `HTTP ${response.status}`;
          throw isRejection(response.status) ? new WebhookRejection(message) : new Error(message);
        },
        {
          backoff: BACKOFF,
          maxAttempts: this.maxAttempts,
          signal: this.shutdown.signal,
          shouldRetry: (error) => !(error instanceof WebhookRejection),
        },
      );
    } catch (error) {
      if (this.shutdown.signal.aborted) {
        throw new TransientError(`webhook: delivery of alert ${notice.alert.alertId} interrupted by shutdown`, {
          cause: error,
        });
      }
      this.metrics.webhookDeliveries.inc({ outcome: 'failed' });
      return { delivered: false, attempts, error: describe(error) };
    }
    this.metrics.webhookDeliveries.inc({ outcome: 'delivered' });
    return { delivered: true, attempts };
  }

  beforeApplicationShutdown(): void {
    this.shutdown.abort();
  }
}

/** The failure in words, including the network cause fetch wraps ("fetch failed: connect ECONNREFUSED …"). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
