import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import { LOG_RETENTION } from '../security/log-retention.js';
import { ManagedPolicyRole } from '../security/managed-policy-role.js';

export interface FraudNetworkProps {
  /** Encrypts the flow log group. */
  key: kms.IKey;
}

/**
 * Two availability zones: private subnets for everything that runs, public
 * ones holding only the NAT gateway (ECR pulls, AWS APIs). One NAT gateway
 * keeps the demo's cost down; a second AZ's outage would cut egress, not data.
 */
export class FraudNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: FraudNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // The NAT gateway has its own Elastic IP: nothing here needs an address assigned at launch.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      // S3 traffic (model artifacts, image layers) stays off the NAT gateway, at no charge.
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.key,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        flowLogs,
        new ManagedPolicyRole(this, 'FlowLogRole', {
          assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
          description: 'VPC flow logs: write to their log group',
        }),
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    for (const subnet of this.vpc.publicSubnets) {
      Validations.of(subnet).acknowledge({
        id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
        reason:
          'Public subnets hold only the NAT gateway, which needs the default route to the internet gateway; every task, cache, broker and load balancer is in the private subnets.',
      });
    }
  }
}
