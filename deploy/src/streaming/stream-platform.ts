import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';

/** A consumer-lag metric and the lag at which a consumer service adds or removes tasks. */
export interface LagScaling {
  metric: cloudwatch.IMetric;
  /** Below this the service may shed a task. */
  idleBelow: number;
  /** From this one task more, from `farBehind` two. */
  behind: number;
  farBehind: number;
}

/**
 * The streams as the services see them, whatever carries them: what to put
 * in their environment, and exactly what each task role may do. Every stream
 * name here is the prefixed name on the cluster.
 */
export interface StreamPlatform {
  /** TRANSPORT and what the transport needs to connect (contracts.md settings). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Set when a service makes the streams at start rather than the stack (MSK:
   * topics are not CloudFormation resources of a serverless cluster): the
   * environment that makes it do so.
   */
  readonly streamCreationEnvironment: Readonly<Record<string, string>> | undefined;
  grantPublish(grantee: iam.IGrantable, streams: readonly string[]): void;
  grantConsume(grantee: iam.IGrantable, stream: string, group: string): void;
  /** Only for the platform whose streams are created at start: every stream of the deployment. */
  grantCreateStreams(grantee: iam.IGrantable, streams: readonly string[]): void;
  /** Opens the brokers to a service's tasks (nothing to open for Kinesis, an AWS API). */
  allowClientsFrom(client: ec2.IConnectable): void;
  lagScaling(stream: string, group: string): LagScaling;
}
