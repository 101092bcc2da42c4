/** Receives each line (newline included) a service process writes, `service` naming it (`feature-engine 4242`). */
export type ServiceOutputListener = (service: string, stream: 'stdout' | 'stderr', line: string) => void;

// On globalThis, not in this module: a test imports the built package while
// the Vitest setup file that listens (vitest/capture-output.ts) is loaded
// from source, and the two module copies must meet.
const LISTENER = Symbol.for('@fraud/testing:service-output');

interface WithListener {
  [LISTENER]?: ServiceOutputListener | undefined;
}

/** Where `startServiceProcess` sends its services' output, besides keeping it; nowhere by default. */
export function setServiceOutputListener(listener: ServiceOutputListener | undefined): void {
  (globalThis as WithListener)[LISTENER] = listener;
}

export function emitServiceOutput(service: string, stream: 'stdout' | 'stderr', line: string): void {
  (globalThis as WithListener)[LISTENER]?.(service, stream, line);
}
