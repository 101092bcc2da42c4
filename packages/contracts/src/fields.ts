import { z } from 'zod';

/**
 * Field schemas shared by several contracts, each as precise as the contract
 * allows. Messages say what is expected and never echo the value, which may
 * be a card number.
 */

/**
 * Words a string format's failure only: a missing or non-string value keeps
 * the generic message ("required", "expected string").
 */
export function onFormatError(message: string): (issue: { code?: string }) => string | undefined {
  return (issue) => (issue.code === 'invalid_format' ? message : undefined);
}

export const schemaVersion = z.literal(1);

export const transactionId = z
  .string()
  .min(1, 'expected 1 to 64 characters')
  .max(64, 'expected 1 to 64 characters')
  .describe('Unique per transaction, 1 to 64 characters.');

// Hex of an HMAC-SHA256: a fixed shape that a card number can never have.
export const cardToken = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters (HMAC-SHA256 of the card number)')
  .describe('HMAC-SHA256 of the card number, lowercase hex. Never the card number itself.');

export const cardBin = z.string().regex(/^\d{6,8}$/, 'expected 6 to 8 digits');

export const cardLast4 = z.string().regex(/^\d{4}$/, 'expected 4 digits');

export const merchantId = z.string().min(1, 'expected 1 to 64 characters').max(64, 'expected 1 to 64 characters');

export const merchantCategoryCode = z.string().regex(/^\d{4}$/, 'expected 4 digits (ISO 18245 MCC)');

export const positiveInteger = z
  .int({ error: (issue) => (issue.input === undefined ? undefined : 'expected a positive integer') })
  .positive('expected a positive integer');

export const amountMinor = positiveInteger.describe('Amount in minor units of the currency, for example cents.');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 alphabetic code, 3 uppercase letters')
  .describe('ISO 4217 alphabetic currency code.');

export const country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code, 2 uppercase letters')
  .describe('ISO 3166-1 alpha-2 country code.');

export const latitude = z.number().min(-90, 'expected -90 to 90').max(90, 'expected -90 to 90');

export const longitude = z.number().min(-180, 'expected -180 to 180').max(180, 'expected -180 to 180');

/** ISO 8601 UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. */
export const isoTimestamp = z.iso
  .datetime({
    precision: 3,
    error: onFormatError('expected an ISO 8601 UTC timestamp with milliseconds, e.g. 2026-11-22T10:15:30.123Z'),
  })
  .describe('ISO 8601 UTC with milliseconds, e.g. 2026-11-22T10:15:30.123Z.');

export const CHANNELS = ['card_present', 'card_not_present'] as const;
export const channel = z.enum(CHANNELS);
export type Channel = z.output<typeof channel>;

export const score = z.number().min(0, 'expected 0 to 1').max(1, 'expected 0 to 1');
