import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

import type { MskClusterKind } from '../app/deploy-options.js';
import type { DataKey } from '../security/data-key.js';
import { BootstrapBrokers } from './bootstrap-brokers.js';
import { MSK_IAM_PORT, MskCluster } from './msk-cluster.js';
import type { LagScaling, StreamPlatform } from './stream-platform.js';

export interface MskPlatformProps {
  kind: MskClusterKind;
  vpc: ec2.IVpc;
  dataKey: DataKey;
  /** Partitions of every topic, created at start by the service granted grantCreateStreams. */
  partitions: number;
}

/**
 * Amazon MSK with IAM authentication: every task role names the exact
 * topics and consumer group it may use (`kafka-cluster:*` data-plane
 * actions on topic and group ARNs), never the cluster's other topics.
 */
export class MskPlatform extends Construct implements StreamPlatform {
  readonly environment: Readonly<Record<string, string>>;
  readonly streamCreationEnvironment: Readonly<Record<string, string>>;
  readonly cluster: MskCluster;

  constructor(scope: Construct, id: string, props: MskPlatformProps) {
    super(scope, id);
    this.cluster = new MskCluster(this, 'Cluster', { kind: props.kind, vpc: props.vpc, dataKey: props.dataKey });
    const brokers = new BootstrapBrokers(this, 'BootstrapBrokers', {
      clusterArn: this.cluster.clusterArn,
      dataKey: props.dataKey,
    });
    this.environment = {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: brokers.saslIam,
      KAFKA_AUTH: 'iam',
      KAFKA_TLS: 'true',
      AWS_REGION: Aws.REGION,
    };
    this.streamCreationEnvironment = { CREATE_STREAMS: 'true', STREAM_PARTITIONS: String(props.partitions) };
  }

  grantPublish(grantee: iam.IGrantable, streams: readonly string[]): void {
    this.allow(grantee, ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], [this.cluster.clusterArn]);
    this.allow(
      grantee,
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      streams.map((s) => this.arn('topic', s)),
    );
  }

  grantConsume(grantee: iam.IGrantable, stream: string, group: string): void {
    this.allow(grantee, ['kafka-cluster:Connect'], [this.cluster.clusterArn]);
    this.allow(grantee, ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], [this.arn('topic', stream)]);
    this.allow(grantee, ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], [this.arn('group', group)]);
  }

  grantCreateStreams(grantee: iam.IGrantable, streams: readonly string[]): void {
    // ensureTopics: lists and describes the topics, reads the broker count for the replication factor, creates.
    this.allow(grantee, ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], [this.cluster.clusterArn]);
    this.allow(
      grantee,
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:CreateTopic'],
      streams.map((s) => this.arn('topic', s)),
    );
  }

  allowClientsFrom(client: ec2.IConnectable): void {
    this.cluster.securityGroup.connections.allowFrom(client, ec2.Port.tcp(MSK_IAM_PORT), 'Kafka over TLS with IAM');
  }

  lagScaling(stream: string, group: string): LagScaling {
    return {
      // Emitted by MSK for stable groups at the default monitoring level, per group and topic.
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Kafka',
        metricName: 'SumOffsetLag',
        dimensionsMap: { 'Cluster Name': this.cluster.clusterName, 'Consumer Group': group, Topic: stream },
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      idleBelow: 1_000,
      behind: 10_000,
      farBehind: 100_000,
    };
  }

  /** arn:…:kafka:<region>:<account>:topic|group/<cluster name>/<cluster uuid>/<name> */
  private arn(kind: 'topic' | 'group', name: string): string {
    const { clusterName, clusterUuid } = this.cluster;
    return `arn:${Aws.PARTITION}:kafka:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}/${clusterName}/${clusterUuid}/${name}`;
  }

  private allow(grantee: iam.IGrantable, actions: string[], resources: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  }
}
