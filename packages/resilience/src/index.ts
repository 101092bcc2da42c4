export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { retry, type RetryOptions } from './retry.js';
export { isTransient, TransientError } from './transient-error.js';
