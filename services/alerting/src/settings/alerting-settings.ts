import { positiveIntSetting, sharedRequirements, sharedSettingsShape, type SettingsSpec } from '@fraud/config';
import { COMMITTED_MODEL_MANIFEST_PATH } from '@fraud/model-manifest';
import { redisSettingsShape } from '@fraud/redis';
import { z } from 'zod';

// A standard or FIFO topic's ARN, in any partition (aws, aws-cn, aws-us-gov).
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export const alertingSettingsSchema = z.object({
  ...sharedSettingsShape,
  // SNS needs a region whatever the transport.
  AWS_REGION: sharedSettingsShape.AWS_REGION.unwrap(),
  SNS_TOPIC_ARN: z
    .string()
    .regex(TOPIC_ARN, 'must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:fraud-alerts'),
  ...redisSettingsShape,
  MODEL_MANIFEST_PATH: z.string().default(COMMITTED_MODEL_MANIFEST_PATH),
  // One open alert per card for this long after it opened; later hits join it.
  ALERT_SUPPRESSION_SECONDS: positiveIntSetting.max(86_400, 'must be at most 86400').default(600),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  ALERT_WEBHOOK_MAX_ATTEMPTS: positiveIntSetting.max(20, 'must be at most 20').default(5),
  ALERT_WEBHOOK_TIMEOUT_MS: positiveIntSetting.max(60_000, 'must be at most 60000').default(5_000),
});

export type AlertingSettings = z.output<typeof alertingSettingsSchema>;

export const alertingSettings: SettingsSpec<typeof alertingSettingsSchema> = {
  schema: alertingSettingsSchema,
  requirements: [
    ...sharedRequirements,
    {
      variable: 'ALERT_WEBHOOK_SECRET',
      when: (env) => env.ALERT_WEBHOOK_URL !== undefined,
      because: 'ALERT_WEBHOOK_URL is set',
    },
  ],
};
