import { TransientError } from '@fraud/resilience';

/**
 * Runs a Redis operation; any failure is Redis's, never the record's, so it
 * is transient: retried without limit with backoff and nothing committed
 * meanwhile, instead of dead-lettering good records while Redis is down.
 */
export async function redisCall<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new TransientError(`redis: ${what} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
