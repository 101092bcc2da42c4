import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the error message. */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Rejects early, e.g. when the process being awaited has exited. */
  abort?: Promise<never>;
}

/**
 * Polls `check` until it resolves truthy. The last failure is kept so a
 * timeout says why the thing never became ready, not only that it did not.
 */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  // Set from the abort promise's callback, between polls.
  const abort: { happened: boolean; error?: unknown } = { happened: false };
  options.abort?.catch((error: unknown) => {
    abort.happened = true;
    abort.error = error;
  });
  while (Date.now() < deadline) {
    if (abort.happened) throw abort.error;
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 100);
  }
  if (abort.happened) throw abort.error;
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}${reason}`);
}
