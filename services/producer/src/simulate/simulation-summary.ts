import type { Label } from '@fraud/contracts';

/** What a simulation run published, for its closing log line. */
export interface SimulationSummary {
  published: number;
  frauds: number;
  byScenario: Record<string, number>;
  /** FraudConfirmations published. */
  confirmations: number;
  /** Frauds whose confirmation was not yet due; at the end of a run they are never published. */
  confirmationsPending: number;
  elapsedMs: number;
  perSecond: number;
}

export class SimulationTally {
  private published = 0;
  private frauds = 0;
  private confirmations = 0;
  private readonly byScenario = new Map<string, number>();

  constructor(private readonly startWallMs: number) {}

  add(labels: readonly Label[]): void {
    for (const label of labels) {
      this.published++;
      if (label.isFraud) this.frauds++;
      this.byScenario.set(label.scenario, (this.byScenario.get(label.scenario) ?? 0) + 1);
    }
  }

  addConfirmations(count: number): void {
    this.confirmations += count;
  }

  summary(nowWallMs: number, confirmationsPending: number): SimulationSummary {
    const elapsedMs = Math.max(1, nowWallMs - this.startWallMs);
    return {
      published: this.published,
      frauds: this.frauds,
      byScenario: Object.fromEntries([...this.byScenario].sort(([a], [b]) => a.localeCompare(b))),
      confirmations: this.confirmations,
      confirmationsPending,
      elapsedMs,
      perSecond: Math.round((this.published * 1000) / elapsedMs),
    };
  }
}
