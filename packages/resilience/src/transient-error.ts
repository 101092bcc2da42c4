/**
 * A failure of something outside the record — a broker, Redis, an endpoint —
 * that will pass. Consumers retry these without limit and never dead-letter
 * the record for them.
 */
export class TransientError extends Error {
  readonly transient = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * True for failures worth retrying forever: TransientError, network errors by
 * code, AWS SDK errors it marks retryable (throttling, 5xx), kafkajs errors it
 * marks retriable, and errors whose cause is any of those.
 */
export function isTransient(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const candidate = error as {
    transient?: unknown;
    code?: unknown;
    retriable?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    name?: unknown;
    cause?: unknown;
  };
  if (candidate.transient === true || candidate.retriable === true) return true;
  if (typeof candidate.code === 'string' && TRANSIENT_CODES.has(candidate.code)) return true;
  if (candidate.$retryable !== undefined && candidate.$retryable !== null) return true;
  const status = candidate.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (candidate.name === 'KafkaJSConnectionError' || candidate.name === 'KafkaJSRequestTimeoutError') return true;
  return isTransient(candidate.cause, depth + 1);
}
