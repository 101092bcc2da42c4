import { createHmac } from 'node:crypto';

/** The header carrying a webhook body's signature. */
export const SIGNATURE_HEADER = 'X-Signature';

/**
 * `sha256=` and the lowercase hex HMAC-SHA256 of the exact body bytes under
 * ALERT_WEBHOOK_SECRET, as GitHub signs its webhooks: a receiver recomputes
 * it over the raw body and compares in constant time.
 */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
