import { LEGIT_SCENARIO, type Label } from '@fraud/contracts';
import { FRAUD_SCENARIOS } from '@fraud/simulator';

/** How many transactions a dataset holds, how many are fraud, and how many each scenario produced. */
export interface DatasetCounts {
  readonly transactions: number;
  readonly frauds: number;
  /** Every scenario by name, in name order, zero when it did not occur: the same shape for every export. */
  readonly byScenario: Readonly<Record<string, number>>;
}

export class DatasetTally {
  #transactions = 0;
  #frauds = 0;
  readonly #byScenario = new Map<string, number>([LEGIT_SCENARIO, ...FRAUD_SCENARIOS].map((name) => [name, 0]));

  add(label: Label): void {
    this.#transactions++;
    if (label.isFraud) this.#frauds++;
    this.#byScenario.set(label.scenario, (this.#byScenario.get(label.scenario) ?? 0) + 1);
  }

  counts(): DatasetCounts {
    // Plain code-unit order rather than localeCompare: the same bytes whatever the machine's locale.
    const byScenario = [...this.#byScenario].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { transactions: this.#transactions, frauds: this.#frauds, byScenario: Object.fromEntries(byScenario) };
  }
}
