export { drawAmountMinor } from './amount.js';
export { dayEvents } from './day-events.js';
export { genuineDay } from './genuine-day.js';
export { DAY_MS, type SimEvent } from './sim-event.js';
export { simulate } from './simulate.js';
export type { SimulatedLabel, SimulatedTransaction, SimulatedTransactionFields } from './simulated-transaction.js';
export { TIME_OF_DAY_MEAN_S, TIME_OF_DAY_STD_S, drawTimeOfDayMs } from './time-of-day.js';
export { simulatedTransactionId, toSimulatedTransaction } from './to-simulated-transaction.js';
