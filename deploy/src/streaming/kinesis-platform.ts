import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';
import type { LagScaling, StreamPlatform } from './stream-platform.js';

export interface KinesisPlatformProps {
  dataKey: DataKey;
  /** Every stream of the deployment, prefixed. */
  streams: readonly string[];
}

/**
 * One on-demand Kinesis stream per contract stream, encrypted with the data
 * key, and one DynamoDB lease table per consumer group, made here (encrypted,
 * point-in-time recovery) rather than by the KCL on first start.
 */
export class KinesisPlatform extends Construct implements StreamPlatform {
  readonly environment = { TRANSPORT: 'kinesis', AWS_REGION: Aws.REGION };
  readonly streamCreationEnvironment = undefined;
  private readonly dataKey: DataKey;
  private readonly streams = new Map<string, kinesis.Stream>();
  private readonly leaseTables = new Map<string, dynamodb.Table>();

  constructor(scope: Construct, id: string, props: KinesisPlatformProps) {
    super(scope, id);
    this.dataKey = props.dataKey;
    for (const name of props.streams) {
      const stream = new kinesis.Stream(this, name, {
        streamName: name,
        streamMode: kinesis.StreamMode.ON_DEMAND,
        encryption: kinesis.StreamEncryption.KMS,
        encryptionKey: props.dataKey.key,
        retentionPeriod: Duration.hours(24),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      Validations.of(stream).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason:
          "Encrypted with the deployment's customer managed key rather than aws/kinesis: its key policy, rotation and CloudTrail record of every use are ours, and task roles may use it only via Kinesis (kms:ViaService).",
      });
      this.streams.set(name, stream);
    }
  }

  grantPublish(grantee: iam.IGrantable, streams: readonly string[]): void {
    for (const name of streams) this.stream(name).grant(grantee, 'kinesis:PutRecords', 'kinesis:PutRecord');
    this.dataKey.grantVia(grantee, 'kinesis', 'kms:GenerateDataKey');
  }

  grantConsume(grantee: iam.IGrantable, stream: string, group: string): void {
    // The KCL's polling reads (KCL 2.x, POLLING retrieval): no enhanced fan-out, no CloudWatch metrics.
    this.stream(stream).grant(
      grantee,
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:ListShards',
      'kinesis:GetShardIterator',
      'kinesis:GetRecords',
    );
    this.dataKey.grantVia(grantee, 'kinesis', 'kms:Decrypt');
    this.leaseTable(group).grant(
      grantee,
      'dynamodb:DescribeTable',
      'dynamodb:Scan',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    this.dataKey.grantVia(grantee, 'dynamodb', 'kms:Decrypt', 'kms:GenerateDataKey');
  }

  grantCreateStreams(): void {
    throw new Error('Kinesis streams belong to the stack; no service creates them');
  }

  allowClientsFrom(_client: ec2.IConnectable): void {
    // Kinesis and DynamoDB are reached through their public endpoints with the task role: no port to open.
  }

  lagScaling(stream: string): LagScaling {
    return {
      // One application reads each stream, so the stream's iterator age is that consumer's lag.
      metric: this.stream(stream).metricGetRecordsIteratorAgeMilliseconds({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      idleBelow: 5_000,
      behind: 60_000,
      farBehind: 300_000,
    };
  }

  private stream(name: string): kinesis.Stream {
    const stream = this.streams.get(name);
    if (stream === undefined) throw new Error(`no Kinesis stream ${name} in this deployment`);
    return stream;
  }

  /** The KCL names its lease table after the application, which is the prefixed consumer group. */
  private leaseTable(group: string): dynamodb.Table {
    let table = this.leaseTables.get(group);
    if (table === undefined) {
      table = new dynamodb.Table(this, `${group}-leases`, {
        tableName: group,
        partitionKey: { name: 'leaseKey', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.dataKey.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      this.leaseTables.set(group, table);
    }
    return table;
  }
}
