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
  let aborted: unknown;
  let isAborted = false;
  options.abort?.catch((error: unknown) => {
    isAborted = true;
    aborted = error;
  });
  while (Date.now() < deadline) {
    if (isAborted) throw aborted;
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 100);
  }
  if (isAborted) throw aborted;
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}${reason}`);
}
