import type { Channel } from '@fraud/contracts';

import type { Scenario } from '../scenarios/scenario-names.js';
import type { Customer } from '../world/customer.js';
import type { Merchant } from '../world/merchant.js';

/** One simulated purchase before it gets an id and a wall-clock timestamp. */
export interface SimEvent {
  /** Milliseconds since the start of simulated day 0. */
  readonly timeMs: number;
  readonly customer: Customer;
  readonly merchant: Merchant;
  readonly amountMinor: number;
  readonly channel: Channel;
  readonly scenario: Scenario;
}

export const DAY_MS = 86_400_000;
