import {
  nonNegativeIntSetting,
  positiveIntSetting,
  sharedRequirements,
  sharedSettingsShape,
  type SettingsSpec,
} from '@fraud/config';
import { redisSettingsShape } from '@fraud/redis';
import { z } from 'zod';

export const featureEngineSettingsSchema = z.object({
  ...sharedSettingsShape,
  ...redisSettingsShape,
  WINDOW_SECONDS: positiveIntSetting.max(86_400, 'must be at most 86400').default(600),
  ALLOWED_LATENESS_SECONDS: nonNegativeIntSetting.max(86_400, 'must be at most 86400').default(300),
  // How long quiet cards and merchants keep their state beyond window + lateness (docs/window-features.md).
  FEATURE_STATE_TTL_SLACK_SECONDS: positiveIntSetting.max(604_800, 'must be at most 604800').default(900),
  // Cards whose window state the engine keeps in memory between batches (docs/window-features.md).
  FEATURE_CACHED_CARDS: positiveIntSetting.max(10_000_000, 'must be at most 10000000').default(200_000),
  // How long a partition without a batch still holds back what merchants forget (docs/window-features.md).
  FEATURE_PARTITION_IDLE_SECONDS: positiveIntSetting.max(86_400, 'must be at most 86400').default(900),
  // Connections to Redis the window calls spread over, so the engine and Redis work at once.
  FEATURE_REDIS_CONNECTIONS: positiveIntSetting.max(32, 'must be at most 32').default(4),
  // Replicas that must hold a batch's window state before it is committed (Redis WAIT); 0: the primary's word.
  FEATURE_REPLICA_ACKS: nonNegativeIntSetting.max(5, 'must be at most 5').default(0),
  // How long a batch waits for those replicas before it fails (and is retried).
  FEATURE_REPLICA_ACK_TIMEOUT_MS: positiveIntSetting.max(60_000, 'must be at most 60000').default(1_000),
});

export type FeatureEngineSettings = z.output<typeof featureEngineSettingsSchema>;

export const featureEngineSettings: SettingsSpec<typeof featureEngineSettingsSchema> = {
  schema: featureEngineSettingsSchema,
  requirements: sharedRequirements,
};
