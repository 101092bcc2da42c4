import { LEGIT_SCENARIO } from '@fraud/contracts';

import type { SimEvent } from './sim-event.js';
import type { SimulatedTransaction } from './simulated-transaction.js';

/** The id of the `n`th transaction (0-based, in event-time order) of the simulation of `seed`. */
export function simulatedTransactionId(seed: number, n: number): string {
  return `sim-${seed}-${n}`;
}

export function toSimulatedTransaction(
  event: SimEvent,
  transactionId: string,
  startEpochMs: number,
): SimulatedTransaction {
  const { merchant } = event;
  return {
    transaction: {
      schemaVersion: 1,
      transactionId,
      merchantId: merchant.merchantId,
      merchantCategoryCode: merchant.merchantCategoryCode,
      amountMinor: event.amountMinor,
      currency: merchant.currency,
      timestamp: new Date(startEpochMs + event.timeMs).toISOString(),
      location: {
        lat: merchant.location.lat,
        lon: merchant.location.lon,
        country: merchant.location.country,
        city: merchant.location.city,
      },
      channel: event.channel,
    },
    pan: event.customer.pan,
    label: { isFraud: event.scenario !== LEGIT_SCENARIO, scenario: event.scenario },
  };
}
