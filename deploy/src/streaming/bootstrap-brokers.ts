import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';
import { LOG_RETENTION } from '../security/log-retention.js';
import { ManagedPolicyRole } from '../security/managed-policy-role.js';

export interface BootstrapBrokersProps {
  clusterArn: string;
  dataKey: DataKey;
}

/**
 * The cluster's IAM bootstrap brokers, which CloudFormation does not return
 * for MSK clusters: one GetBootstrapBrokers call at deploy time.
 */
export class BootstrapBrokers extends Construct {
  /** `host:port,host:port`, the KAFKA_BROKERS setting. */
  readonly saslIam: string;

  constructor(scope: Construct, id: string, props: BootstrapBrokersProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'Kafka',
      action: 'getBootstrapBrokers',
      parameters: { ClusterArn: props.clusterArn },
      physicalResourceId: cr.PhysicalResourceId.of(props.clusterArn),
      outputPaths: ['BootstrapBrokerStringSaslIam'],
    };
    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.dataKey.key,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role rather than the construct's default, which adds AWS's broad Lambda logging policy.
    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reads the MSK bootstrap brokers at deploy time',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [props.clusterArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const lookup = new cr.AwsCustomResource(this, 'Lookup', {
      onCreate: call,
      onUpdate: call,
      role,
      installLatestAwsSdk: false,
      logGroup,
    });
    this.saslIam = lookup.getResponseField('BootstrapBrokerStringSaslIam');

    // The construct's one Lambda function per stack, named after its fixed UUID.
    const provider = Stack.of(this).node.findChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    Validations.of(provider).acknowledge({
      id: 'PCI.DSS.321-LambdaInsideVPC',
      reason:
        'Runs only during deployments, to call the MSK control-plane API (GetBootstrapBrokers) with a role allowed nothing else; it reaches no resource in the VPC and handles no cardholder data.',
    });
  }
}
