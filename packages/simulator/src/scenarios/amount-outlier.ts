import { LEGIT_SCENARIO } from '@fraud/contracts';

import type { SimEvent } from '../simulation/sim-event.js';

/** The handbook's first scenario: any still-genuine purchase above the threshold (major units) is fraud. */
export function applyAmountOutlier(threshold: number, events: readonly SimEvent[]): SimEvent[] {
  return events.map((event) =>
    event.scenario === LEGIT_SCENARIO && event.amountMinor > threshold * 100
      ? { ...event, scenario: 'amount_outlier' }
      : event,
  );
}
