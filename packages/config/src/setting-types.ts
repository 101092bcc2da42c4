import { z } from 'zod';

// Building blocks for settings schemas, so every service parses the same kind
// of variable the same way and reports problems in the same words.

export const portSetting = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a port number')
  .min(1, 'must be a port number 1-65535')
  .max(65535, 'must be a port number 1-65535');

export const positiveIntSetting = z.coerce
  .number({ message: 'must be a positive integer' })
  .int('must be a positive integer')
  .positive('must be a positive integer');

/** An integer, 0 allowed (0 usually meaning "off"). */
export const nonNegativeIntSetting = z.coerce
  .number({ message: 'must be an integer >= 0' })
  .int('must be an integer >= 0')
  .min(0, 'must be an integer >= 0');

export const booleanSetting = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const urlSetting = z.url({ message: 'must be a URL' });

/** A comma-separated list, blanks dropped; at least one entry. */
export const listSetting = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .refine((entries) => entries.length > 0, 'must list at least one entry');

/** `host:port` entries, as in KAFKA_BROKERS. */
export const hostPortListSetting = listSetting.refine(
  (entries) => entries.every((entry) => /^[^\s:]+:\d{1,5}$/.test(entry)),
  'must be comma-separated host:port entries',
);
