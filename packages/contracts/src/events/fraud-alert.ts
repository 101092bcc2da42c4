import { z } from 'zod';

import { cardToken, isoTimestamp, schemaVersion, score, transactionId } from '../fields.js';
import type { KnownFields } from '../known-fields.js';

export const ALERT_SEVERITIES = ['review', 'block'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** An alert raised on a card: the payload of `fraud-alerts`. */
export const FraudAlertSchema = z
  .looseObject({
    schemaVersion,
    alertId: z.string().min(1, 'expected 1 to 64 characters').max(64, 'expected 1 to 64 characters'),
    cardToken,
    transactionIds: z.array(transactionId).min(1, 'expected at least one transaction id'),
    severity: z.enum(ALERT_SEVERITIES),
    score: score.describe('The score that raised the alert, in [0, 1].'),
    reasons: z.array(z.string().min(1, 'expected a non-empty reason')),
    createdAt: isoTimestamp,
  })
  .meta({ title: 'FraudAlert', description: 'An alert raised on a card (stream `fraud-alerts`).' });

export type FraudAlert = KnownFields<z.output<typeof FraudAlertSchema>>;
