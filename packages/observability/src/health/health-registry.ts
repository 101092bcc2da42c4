import { Injectable } from '@nestjs/common';

/** Resolves when the dependency is usable; throws (with a reason) when it is not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface CheckOutcome {
  ok: boolean;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckOutcome>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Readiness checks the service's adapters register (transport connected,
 * Redis answering…). A service that is shutting down reports not ready so a
 * load balancer stops sending it work before it stops accepting it.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckOutcome]> => [name, await runCheck(check)]),
    );
    const checks = Object.fromEntries(entries);
    if (this.shuttingDown) checks.shutdown = { ok: false, error: 'shutting down' };
    return { ready: Object.values(checks).every((outcome) => outcome.ok), checks };
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
