export {
  ReferenceFeatureEngine,
  type ReferenceOutput,
  type StepPosition,
} from './reference/reference-feature-engine.js';
export { EMPTY_CARD_STATE, cardStep, type CardState } from './reference/card-window.js';
export {
  EMPTY_MERCHANT_STATE,
  merchantConfirm,
  merchantStep,
  type MerchantEvent,
  type MerchantState,
} from './reference/merchant-window.js';
export { FEATURE_LIBRARY_NAME, FEATURE_LIBRARY_SOURCE, FEATURE_LIBRARY_VERSION } from './redis/feature-library.js';
export { FeatureKeys } from './redis/feature-keys.js';
export { loadFeatureLibrary, type FeatureRedis } from './redis/load-feature-library.js';
export { RedisWindowStore, type CardWrite, type StoredCard } from './redis/redis-window-store.js';
export { NO_REPLICA_ACKS, ReplicaAckError, type ReplicaAcks } from './redis/replica-acks.js';
export { decodeCardState, encodeCardState, versionOf, type EncodedCardState } from './redis/card-state-codec.js';
export {
  OnlineWindows,
  type OnlineWindowsOptions,
  type SteppedBatch,
  type WindowRecord,
  type WindowStep,
} from './online/online-windows.js';
export { cardAggregates, type CardAggregates } from './window/card-aggregates.js';
export { CARD_HISTORY, cardFloorDay, cardHistory, type CardDay, type CardHistory } from './window/card-history.js';
export type { ConfirmedFraud } from './window/confirmed-fraud.js';
export { FEATURE_NAMES, featureVector, type FeatureName } from './window/feature-vector.js';
export {
  MERCHANT_FEEDBACK,
  fraudRate,
  merchantFeedback,
  type MerchantDay,
  type MerchantFeedback,
} from './window/merchant-feedback.js';
export type { CardStepResult, MerchantStepResult } from './window/step-results.js';
export { DAY_MS, utcDay } from './window/utc-day.js';
export {
  DEFAULT_WINDOW_CONFIG,
  inWindow,
  isLate,
  stateTtlMs,
  windowConfig,
  windowCutMs,
  type WindowConfig,
} from './window/window-config.js';
export { positionBefore } from './window/partition-position.js';
export { toWindowEvent, type WindowEvent } from './window/window-event.js';
export { watermarksBefore } from './window/watermarks.js';
