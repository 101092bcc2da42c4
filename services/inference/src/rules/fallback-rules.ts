import type { Decision, FeatureVector } from '@fraud/contracts';
import { decide, type Thresholds } from '@fraud/model-manifest';

/** The `modelVersion` of scores the rules gave: bump it with any change below. */
export const RULES_VERSION = 'rules-v1';

/**
 * The rules' own operating points, read with the model's semantics
 * (`score >= threshold`). The model's thresholds are placed on the model's
 * score distribution and mean nothing on this scale.
 */
export const RULES_THRESHOLDS: Thresholds = { review: 0.5, block: 0.8 };

/** The window the contract's `*_10m` features cover: a distance in it, times this, is a speed in km/h. */
const PER_WINDOW_TO_PER_HOUR = 60 / 10;

export type RuleName = 'card_testing_burst' | 'impossible_travel' | 'amount_outlier';

export interface RuleHit {
  readonly rule: RuleName;
  readonly score: number;
  /** Why, in words an analyst reads. */
  readonly reason: string;
}

/** What the rules read of a TransactionFeatures. */
export interface RulesInput {
  readonly features: FeatureVector;
  /** The transaction's amount. */
  readonly amountMinor: number;
  /** Scored over a window it did not join (contracts.md, "Lateness"). */
  readonly late: boolean;
}

export interface RulesVerdict {
  /** The highest score of the rules that fired; 0 when none did. */
  readonly score: number;
  readonly decision: Decision;
  readonly hits: readonly RuleHit[];
}

/**
 * Many distinct merchants in 10 minutes: stolen numbers tried in small
 * online charges. 3 merchants review, 6 block, rising 0.1 per merchant.
 */
function cardTestingBurst(features: FeatureVector): RuleHit | undefined {
  const merchants = features.card_distinct_merchants_10m;
  if (merchants < 3) return undefined;
  return {
    rule: 'card_testing_burst',
    // In tenths, so the scores are exactly 0.5, 0.6, …
    score: Math.min(10, merchants + 2) / 10,
    reason: `${merchants} distinct merchants in 10 minutes`,
  };
}

/**
 * Two places further apart than travel allows: the farthest of the card's
 * 10-minute window over at most 10 minutes is a lower bound on the speed.
 * Faster than an airliner (900 km/h) blocks; 300 km/h, beyond any car, reviews.
 */
function impossibleTravel(features: FeatureVector): RuleHit | undefined {
  const speed = features.card_max_distance_km_10m * PER_WINDOW_TO_PER_HOUR;
  const reason = `${Math.round(features.card_max_distance_km_10m)} km within 10 minutes (at least ${Math.round(speed)} km/h)`;
  if (speed >= 900) return { rule: 'impossible_travel', score: 0.9, reason };
  if (speed >= 300) return { rule: 'impossible_travel', score: 0.5, reason };
  return undefined;
}

/**
 * An amount far above the card's other transactions of the window (their
 * average excludes this one, which would otherwise dampen its own ratio; a
 * late transaction is not in the window it is scored over).
 * 4 times reviews, 10 times blocks.
 */
function amountOutlier(features: FeatureVector, amountMinor: number, late: boolean): RuleHit | undefined {
  const others = features.card_txn_count_10m - (late ? 0 : 1);
  const othersSum = features.card_amount_sum_10m - (late ? 0 : amountMinor);
  if (others < 1 || othersSum <= 0) return undefined;
  const ratio = amountMinor / (othersSum / others);
  const reason = `amount ${ratio.toFixed(1)} times the card's other transactions in 10 minutes`;
  if (ratio >= 10) return { rule: 'amount_outlier', score: 0.8, reason };
  if (ratio >= 4) return { rule: 'amount_outlier', score: 0.5, reason };
  return undefined;
}

/**
 * The fallback while the model endpoint is unavailable: transparent rules
 * over the same window features the model reads (contracts.md), each giving
 * a score in [0, 1]; the verdict is the highest, decided on RULES_THRESHOLDS.
 * Pure: the same features always give the same verdict.
 */
export function scoreByRules(input: RulesInput): RulesVerdict {
  const { features, amountMinor, late } = input;
  const hits = [cardTestingBurst(features), impossibleTravel(features), amountOutlier(features, amountMinor, late)];
  const fired = hits.filter((hit): hit is RuleHit => hit !== undefined);
  const score = Math.max(0, ...fired.map((hit) => hit.score));
  return { score, decision: decide(score, RULES_THRESHOLDS), hits: fired };
}
