/**
 * How often each scenario strikes. Rates scale with the world's size so the
 * fraud share stays similar from a 50-card test world to a 100,000-card one;
 * a rate of 0 turns a scenario off.
 */
export interface ScenarioSettings {
  /** A genuine purchase above this many major units is fraud (handbook scenario 1); Infinity turns it off. */
  readonly amountOutlierThreshold: number;
  readonly compromisedMerchant: {
    /** Expected merchants compromised per day, per 1,000 merchants. */
    readonly perDayPer1000Merchants: number;
    /** Every purchase at a compromised merchant is fraud for this many days, starting the day it is compromised. */
    readonly durationDays: number;
  };
  readonly accountTakeover: {
    /** Expected cards taken over per day, per 1,000 cards. */
    readonly perDayPer1000Cards: number;
    readonly durationDays: number;
    /** Share of the card's purchases during the takeover that the fraudster makes. */
    readonly share: number;
    /** Their amounts are the card's usual amounts times this. */
    readonly amountMultiplier: number;
  };
  readonly cardTesting: {
    /** Expected bursts per day, per 1,000 cards. */
    readonly perDayPer1000Cards: number;
    readonly minAttempts: number;
    readonly maxAttempts: number;
    /** Every burst fits within this many seconds. */
    readonly maxSpanSeconds: number;
    /** Each attempt charges between these amounts, in minor units. */
    readonly minAmountMinor: number;
    readonly maxAmountMinor: number;
  };
  readonly impossibleTravel: {
    /** Expected incidents per day, per 1,000 cards. */
    readonly perDayPer1000Cards: number;
    /** The foreign purchase is more than this far from the card's previous one… */
    readonly minDistanceKm: number;
    /** …and less than this many seconds after it. */
    readonly maxGapSeconds: number;
  };
}

export const DEFAULT_SCENARIO_SETTINGS: ScenarioSettings = {
  amountOutlierThreshold: 220,
  compromisedMerchant: { perDayPer1000Merchants: 1, durationDays: 7 },
  accountTakeover: { perDayPer1000Cards: 1, durationDays: 14, share: 1 / 3, amountMultiplier: 5 },
  cardTesting: {
    perDayPer1000Cards: 0.5,
    minAttempts: 10,
    maxAttempts: 30,
    maxSpanSeconds: 180,
    minAmountMinor: 50,
    maxAmountMinor: 300,
  },
  impossibleTravel: { perDayPer1000Cards: 1, minDistanceKm: 500, maxGapSeconds: 600 },
};
