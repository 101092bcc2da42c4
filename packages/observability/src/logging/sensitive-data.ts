import { isLuhnValid, sensitiveFieldProblem } from '@fraud/contracts';

// What counts as card data or a secret in a log line, and how it is masked.
// Keys are compared case-insensitively with separators removed, so `cvv`,
// `CVV2`, `card_number` and `x-api-key` are all caught wherever they nest.

// Security codes, track data and PINs: the contract's own list (ingest refuses them).
// Besides those: the card number itself, and secrets and credentials.
const PAN_AND_SECRET_KEYS = new Set([
  'pan',
  'cardnumber',
  'primaryaccountnumber',
  'password',
  'passwd',
  'secret',
  'secretaccesskey',
  'sessiontoken',
  'apikey',
  'xapikey',
  'apikeys',
  'ingestapikeys',
  'authorization',
  'cookie',
  'panhmackey',
  'hmackey',
  'kafkasaslpassword',
  'redispassword',
]);

export const REDACTED = '[REDACTED]';

export function isSensitiveKey(key: string): boolean {
  return (
    PAN_AND_SECRET_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, '')) || sensitiveFieldProblem(key) !== undefined
  );
}

// 12-19 digits, optionally grouped by single spaces or hyphens, not part of a
// longer number. A card number's first digit (its industry identifier) is
// never 0, so zero-padded ids, such as Kinesis shard ids, are left alone.
const DIGIT_RUN = /(?<![\d])[1-9](?:[ -]?\d){11,18}(?![\d])/g;

/**
 * Masks anything in free text that looks like a card number (12–19 digits
 * passing Luhn), keeping the last four digits as PCI DSS allows, so a PAN
 * pasted into an error message never reaches the logs.
 */
export function maskCardNumbers(text: string): string {
  if (!/\d{4}/.test(text)) return text;
  return text.replace(DIGIT_RUN, (candidate) => {
    const digits = candidate.replace(/[ -]/g, '');
    return isLuhnValid(digits) ? `[PAN …${digits.slice(-4)}]` : candidate;
  });
}

/** A copy of `value` with sensitive keys replaced and card numbers masked, at any depth. */
export function redact(value: unknown, ancestors = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskCardNumbers(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  try {
    return redactObject(value, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function redactObject(value: object, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const copy: Record<string, unknown> = {
      type: value.name,
      message: maskCardNumbers(value.message),
      stack: value.stack === undefined ? undefined : maskCardNumbers(value.stack),
    };
    for (const [key, inner] of Object.entries(value)) copy[key] = isSensitiveKey(key) ? REDACTED : redact(inner, seen);
    if (value.cause !== undefined) copy.cause = redact(value.cause, seen);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = isSensitiveKey(key) ? REDACTED : redact(inner, seen);
  return copy;
}
