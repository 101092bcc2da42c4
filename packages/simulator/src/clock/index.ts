export { burstyRate, releaseOffsetMs, releasedBy, steadyRate, type RatePlan } from './rate-plan.js';
export { delayUntilDue, simTimeAt, simulatedClock, wallTimeDue, type SimulatedClock } from './simulated-clock.js';
