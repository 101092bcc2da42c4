import { Fn, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';

import type { MskClusterKind } from '../app/deploy-options.js';
import type { DataKey } from '../security/data-key.js';
import { LOG_RETENTION } from '../security/log-retention.js';

/** MSK's listener for IAM-authenticated clients, TLS only. */
export const MSK_IAM_PORT = 9098;

export interface MskClusterProps {
  kind: MskClusterKind;
  vpc: ec2.IVpc;
  dataKey: DataKey;
}

/**
 * An MSK cluster that admits IAM-authenticated TLS clients only, in the
 * private subnets: Serverless by default (no brokers to size or patch), or
 * two provisioned brokers, one per availability zone.
 */
export class MskCluster extends Construct {
  readonly clusterArn: string;
  readonly clusterName: string;
  /** The UUID MSK gives the cluster, part of its topic and group ARNs. */
  readonly clusterUuid: string;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MskClusterProps) {
    super(scope, id);
    this.clusterName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'MSK brokers: IAM-authenticated TLS clients of the pipeline services only',
      allowAllOutbound: false,
    });
    const subnetIds = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;

    if (props.kind === 'serverless') {
      const cluster = new msk.CfnServerlessCluster(this, 'Serverless', {
        clusterName: this.clusterName,
        // Serverless clusters are IAM-only, TLS-only and encrypted at rest by MSK.
        clientAuthentication: { sasl: { iam: { enabled: true } } },
        vpcConfigs: [{ subnetIds, securityGroups: [this.securityGroup.securityGroupId] }],
      });
      this.clusterArn = cluster.attrArn;
    } else {
      const brokerLogs = new logs.LogGroup(this, 'BrokerLogs', {
        encryptionKey: props.dataKey.key,
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const cluster = new msk.CfnCluster(this, 'Provisioned', {
        clusterName: this.clusterName,
        kafkaVersion: '3.9.x',
        numberOfBrokerNodes: subnetIds.length,
        brokerNodeGroupInfo: {
          // m-class: t3 brokers throttle new connections to one a second, which IAM re-authentication exceeds.
          instanceType: 'kafka.m7g.large',
          clientSubnets: subnetIds,
          securityGroups: [this.securityGroup.securityGroupId],
          storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
        },
        clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
        encryptionInfo: {
          encryptionAtRest: { dataVolumeKmsKeyId: props.dataKey.key.keyArn },
          encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
        },
        loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: brokerLogs.logGroupName } } },
        enhancedMonitoring: 'DEFAULT',
      });
      this.clusterArn = cluster.attrArn;
    }
    // arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>
    this.clusterUuid = Fn.select(2, Fn.split('/', this.clusterArn));
  }
}
