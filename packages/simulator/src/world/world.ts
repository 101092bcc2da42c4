import { Random } from '../random/random.js';
import { createCustomers, type Customer } from './customer.js';
import { createMerchants, type Merchant } from './merchant.js';
import type { SimulationConfig } from './world-config.js';

/** The cards and merchants of one simulation. */
export interface World {
  readonly config: SimulationConfig;
  readonly customers: readonly Customer[];
  readonly merchants: readonly Merchant[];
}

export function createWorld(config: SimulationConfig): World {
  const merchants = createMerchants(config.merchants, Random.for(config.seed, 'merchants'));
  const customers = createCustomers(
    { seed: config.seed, count: config.customers, radiusKm: config.radiusKm },
    merchants,
    Random.for(config.seed, 'customers'),
  );
  return { config, customers, merchants };
}
