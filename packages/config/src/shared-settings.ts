import { z } from 'zod';

import type { ConditionalRequirement } from './load-settings.js';
import { booleanSetting, hostPortListSetting, portSetting, positiveIntSetting, urlSetting } from './setting-types.js';

/**
 * The settings every service shares (contracts.md, "Runtime settings shared
 * by every service"). Services spread this shape into their own schema.
 */
export const sharedSettingsShape = {
  TRANSPORT: z.enum(['kafka', 'kinesis'], { message: "must be 'kafka' or 'kinesis'" }),
  STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'may hold only letters, digits, dot, underscore and hyphen')
    .default(''),
  KAFKA_BROKERS: hostPortListSetting.optional(),
  KAFKA_AUTH: z.enum(['none', 'scram', 'iam'], { message: "must be 'none', 'scram' or 'iam'" }).default('none'),
  KAFKA_TLS: booleanSetting.default(false),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  // Off as in Kafka's own clients; gzip where bytes are billed (packages/transport/README.md).
  KAFKA_COMPRESSION: z.enum(['none', 'gzip'], { message: "must be 'none' or 'gzip'" }).default('none'),
  // How long the group waits for a member that stopped heartbeating (a killed
  // process) before its partitions go to the others; kafkajs' default.
  // Between the brokers' default group.min/max.session.timeout.ms.
  KAFKA_SESSION_TIMEOUT_MS: positiveIntSetting
    .min(6_000, "must be 6000-1800000, the brokers' default group.min/max.session.timeout.ms")
    .max(1_800_000, "must be 6000-1800000, the brokers' default group.min/max.session.timeout.ms")
    .default(30_000),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-1')
    .optional(),
  KINESIS_ENDPOINT: urlSetting.optional(),
  DYNAMODB_ENDPOINT: urlSetting.optional(),
  // The KCL's pause between two reads of a shard (idleTimeBetweenReadsInMillis);
  // unset: 250 ms against local endpoints, 500 ms in AWS (packages/transport).
  KINESIS_IDLE_TIME_BETWEEN_READS_MS: positiveIntSetting.max(60_000, 'must be at most 60000').optional(),
  SNS_ENDPOINT: urlSetting.optional(),
  SAGEMAKER_RUNTIME_ENDPOINT: urlSetting.optional(),
  // Local runs create the contract's streams at start; in AWS the deployment owns them.
  CREATE_STREAMS: booleanSetting.default(false),
  STREAM_PARTITIONS: positiveIntSetting.max(1000, 'must be at most 1000').default(4),
  HTTP_PORT: portSetting.default(8080),
  // Loopback by default: a laptop run exposes nothing. Container images set 0.0.0.0.
  HTTP_HOST: z
    .union([z.ipv4(), z.ipv6(), z.literal('localhost')], { message: 'must be an IP address' })
    .default('127.0.0.1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], { message: 'must be a pino level such as info' })
    .default('info'),
  // ECS sends SIGKILL 30 s after SIGTERM by default; finish well before.
  SHUTDOWN_TIMEOUT_SECONDS: positiveIntSetting.max(120, 'must be at most 120').default(25),
};

export const sharedSettingsSchema = z.object(sharedSettingsShape);
export type SharedSettings = z.output<typeof sharedSettingsSchema>;

export const sharedRequirements: readonly ConditionalRequirement[] = [
  { variable: 'KAFKA_BROKERS', when: (env) => env.TRANSPORT === 'kafka', because: 'TRANSPORT=kafka' },
  { variable: 'AWS_REGION', when: (env) => env.TRANSPORT === 'kinesis', because: 'TRANSPORT=kinesis' },
  { variable: 'KAFKA_SASL_USERNAME', when: (env) => env.KAFKA_AUTH === 'scram', because: 'KAFKA_AUTH=scram' },
  { variable: 'KAFKA_SASL_PASSWORD', when: (env) => env.KAFKA_AUTH === 'scram', because: 'KAFKA_AUTH=scram' },
  { variable: 'AWS_REGION', when: (env) => env.KAFKA_AUTH === 'iam', because: 'KAFKA_AUTH=iam' },
];
