import { STREAM_PREFIX_PATTERN } from '@fraud/contracts';

/** `-c transport=...`: which stream service carries the pipeline. */
export const TRANSPORTS = ['kinesis', 'msk'] as const;
export type DeployTransport = (typeof TRANSPORTS)[number];

/** `-c mskCluster=...`: MSK Serverless (IAM auth only, no brokers to size) or a provisioned cluster. */
export const MSK_CLUSTER_KINDS = ['serverless', 'provisioned'] as const;
export type MskClusterKind = (typeof MSK_CLUSTER_KINDS)[number];

/** `-c model=...`: SageMaker's built-in XGBoost image with model.tar.gz, or the model-endpoint image (BYOC). */
export const MODEL_HOSTINGS = ['builtin', 'byoc'] as const;
export type ModelHosting = (typeof MODEL_HOSTINGS)[number];

/** Everything a deployment can be told on the command line (`cdk deploy -c key=value`). */
export interface DeployOptions {
  transport: DeployTransport;
  mskCluster: MskClusterKind;
  model: ModelHosting;
  /** Subscribed to the alert topic (SNS asks the address to confirm); none by default. */
  alertEmail: string | undefined;
  /** STREAM_PREFIX of every service; the contract's names unprefixed by default. */
  streamPrefix: string;
  /** Partitions of each MSK topic; Kinesis streams are on-demand and split themselves. */
  partitions: number;
  modelInstanceType: string;
}

/** Reads one context value; `App.node.tryGetContext` in the app. */
export type ContextReader = (key: string) => unknown;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// SageMaker's hosting instance names, e.g. ml.m5.large or ml.c7i.xlarge.
const SAGEMAKER_INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
// Beyond 64 a 4-core consumer service gains nothing; MSK Serverless allows 2,400 partitions a cluster.
const MAX_PARTITIONS = 64;

/**
 * The deployment's options from the CDK context, with their defaults. Throws
 * one error naming every invalid value, as the services' settings loader does.
 */
export function deployOptionsFrom(context: ContextReader): DeployOptions {
  const problems: string[] = [];
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = context(key) ?? fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${key} must be ${allowed.map((a) => `'${a}'`).join(' or ')} (got ${JSON.stringify(value)})`);
    return fallback;
  };
  const text = (key: string, pattern: RegExp, rule: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string' && pattern.test(value)) return value;
    problems.push(`${key} ${rule} (got ${JSON.stringify(value)})`);
    return undefined;
  };

  const partitionsValue = Number(context('partitions') ?? 4);
  if (!Number.isInteger(partitionsValue) || partitionsValue < 1 || partitionsValue > MAX_PARTITIONS) {
    problems.push(
      `partitions must be an integer from 1 to ${MAX_PARTITIONS} (got ${JSON.stringify(context('partitions'))})`,
    );
  }
  const options: DeployOptions = {
    transport: oneOf('transport', TRANSPORTS, 'kinesis'),
    mskCluster: oneOf('mskCluster', MSK_CLUSTER_KINDS, 'serverless'),
    model: oneOf('model', MODEL_HOSTINGS, 'builtin'),
    alertEmail: text('alertEmail', EMAIL, 'must be an e-mail address'),
    streamPrefix:
      text('streamPrefix', STREAM_PREFIX_PATTERN, 'may hold only letters, digits, dot, underscore and hyphen') ?? '',
    partitions: partitionsValue,
    modelInstanceType:
      text('modelInstanceType', SAGEMAKER_INSTANCE_TYPE, 'must be a SageMaker instance type such as ml.m5.large') ??
      'ml.m5.large',
  };
  if (problems.length > 0) throw new Error(`invalid deployment options: ${problems.join('; ')}`);
  return options;
}
