import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rolePermissions, taskRoles } from './support/policies.js';
import { itPassesTheSecurityChecks } from './support/security-checks.js';
import { synthesize, type SynthesizedVariant } from './support/synthesize.js';
import {
  containerOf,
  environmentOf,
  logicalIdsOf,
  propertiesOf,
  serviceIdOf,
  withoutVolatileValues,
} from './support/template-queries.js';

// Every option away from its default: MSK Serverless, the model-endpoint image, an e-mail, a prefix, 6 partitions.
let variant: SynthesizedVariant;
// The defaults but a provisioned cluster.
let provisioned: SynthesizedVariant;
beforeAll(() => {
  variant = synthesize({
    transport: 'msk',
    model: 'byoc',
    alertEmail: 'fraud-ops@example.com',
    streamPrefix: 'demo-',
    partitions: '6',
  });
  provisioned = synthesize({ transport: 'msk', mskCluster: 'provisioned' });
}, 60_000);
afterAll(() => {
  variant.dispose();
  provisioned.dispose();
});

const CONSUMERS = ['feature-engine', 'inference', 'alerting'] as const;

function brokersRef(): Record<string, unknown> {
  const [lookup] = logicalIdsOf(variant.json, 'Custom::AWS');
  return { 'Fn::GetAtt': [lookup, 'BootstrapBrokerStringSaslIam'] };
}

describe('the MSK Serverless deployment', () => {
  it('is the stack FraudDetection-Msk, with no Kinesis stream and no lease table', () => {
    expect(variant.stack.stackName).toBe('FraudDetection-Msk');
    variant.template.resourceCountIs('AWS::Kinesis::Stream', 0);
    variant.template.resourceCountIs('AWS::DynamoDB::Table', 0);
  });

  it('creates a serverless cluster that admits IAM-authenticated clients only, in the private subnets', () => {
    variant.template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [{ SubnetIds: [Match.anyValue(), Match.anyValue()], SecurityGroups: [Match.anyValue()] }],
    });
  });

  it('opens the IAM listener (9098) to the four services and the simulator, and nothing else', () => {
    const ingress = propertiesOf(variant.json, 'AWS::EC2::SecurityGroupIngress').filter(
      (rule) => rule.FromPort === 9098,
    );
    expect(ingress.map((rule) => `${String(rule.Description)} ${String(rule.ToPort)}`)).toEqual(
      Array(5).fill('Kafka over TLS with IAM 9098'),
    );
  });

  it('reads the bootstrap brokers at deploy time and hands them to every service with IAM auth over TLS', () => {
    const [lookup] = propertiesOf(variant.json, 'Custom::AWS');
    const call = JSON.stringify(lookup?.Create);
    expect(call).toContain('\\"service\\":\\"Kafka\\",\\"action\\":\\"getBootstrapBrokers\\"');
    expect(call).toContain('\\"outputPaths\\":[\\"BootstrapBrokerStringSaslIam\\"]');
    const shared = {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: brokersRef(),
      KAFKA_AUTH: 'iam',
      KAFKA_TLS: 'true',
      AWS_REGION: { Ref: 'AWS::Region' },
      STREAM_PREFIX: 'demo-',
    };
    for (const family of ['feature-engine', 'simulator']) {
      expect(environmentOf(containerOf(variant.json, family))).toEqual({
        ...shared,
        HTTP_PORT: '8080',
        HTTP_HOST: '0.0.0.0',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_SECONDS: '25',
      });
    }
  });

  it('has the producer create the prefixed topics at start, and starts the consumers only once it is healthy', () => {
    expect(environmentOf(containerOf(variant.json, 'producer'))).toMatchObject({
      CREATE_STREAMS: 'true',
      STREAM_PARTITIONS: '6',
    });
    for (const family of [...CONSUMERS, 'simulator']) {
      expect(environmentOf(containerOf(variant.json, family))).not.toHaveProperty('CREATE_STREAMS');
    }
    const producerService = serviceIdOf(variant.json, 'producer');
    for (const consumer of CONSUMERS) {
      expect(variant.json.Resources[serviceIdOf(variant.json, consumer)]?.DependsOn).toContain(producerService);
    }
  });

  it('sizes consumers for Node alone and scales them on consumer-group lag up to one task a partition', () => {
    const sizes = propertiesOf(variant.json, 'AWS::ECS::TaskDefinition').map(
      (td) => `${String(td.Family)} ${String(td.Cpu)}/${String(td.Memory)}`,
    );
    expect(sizes.sort()).toEqual([
      'alerting 512/1024',
      'feature-engine 512/1024',
      'inference 512/1024',
      'producer 512/1024',
      'simulator 512/1024',
    ]);
    expect(
      propertiesOf(variant.json, 'AWS::ApplicationAutoScaling::ScalableTarget')
        .map((t) => t.MaxCapacity)
        .sort(),
    ).toEqual([4, 6, 6, 6]);
    const lag = propertiesOf(variant.json, 'AWS::CloudWatch::Alarm').map((alarm) => {
      const dimensions = Object.fromEntries(
        (alarm.Dimensions as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value]),
      );
      return `${String(alarm.Namespace)} ${String(alarm.MetricName)} ${String(dimensions['Consumer Group'])} ${String(dimensions.Topic)}`;
    });
    expect(lag.sort()).toEqual([
      'AWS/Kafka SumOffsetLag demo-alerting demo-fraud-scores',
      'AWS/Kafka SumOffsetLag demo-alerting demo-fraud-scores',
      'AWS/Kafka SumOffsetLag demo-feature-engine demo-transactions',
      'AWS/Kafka SumOffsetLag demo-feature-engine demo-transactions',
      'AWS/Kafka SumOffsetLag demo-inference demo-transaction-features',
      'AWS/Kafka SumOffsetLag demo-inference demo-transaction-features',
    ]);
  });

  it('hosts the model-endpoint image on SageMaker (bring your own container), isolated, with no model archive', () => {
    variant.template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      PrimaryContainer: {
        Image: { 'Fn::Sub': Match.stringLikeRegexp('container-assets-.*:[0-9a-f]{64}$') },
        Environment: { HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'info' },
        ModelDataUrl: Match.absent(),
      },
    });
    variant.template.resourceCountIs('AWS::ECS::Service', 4);
  });

  it('subscribes the alert e-mail address to the topic', () => {
    variant.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'fraud-ops@example.com',
    });
  });
});

describe('the MSK Serverless deployment’s roles', () => {
  it('name the exact topics and consumer group of each service, prefixed', () => {
    const permissions = Object.fromEntries(
      taskRoles(variant.json).map((role) => [role.family, rolePermissions(variant.json, role.taskRole)]),
    );
    const publish = 'kafka-cluster:Connect kafka-cluster:WriteDataIdempotently -> cluster';
    const group = 'kafka-cluster:AlterGroup kafka-cluster:DescribeGroup';
    const read = 'kafka-cluster:DescribeTopic kafka-cluster:ReadData';
    const write = 'kafka-cluster:DescribeTopic kafka-cluster:WriteData';
    const allTopics = [
      'fraud-alerts',
      'fraud-alerts-dlq',
      'fraud-confirmations',
      'fraud-confirmations-dlq',
      'fraud-scores',
      'fraud-scores-dlq',
      'transaction-features',
      'transaction-features-dlq',
      'transaction-labels',
      'transaction-labels-dlq',
      'transactions',
      'transactions-dlq',
    ].map((topic) => `topic demo-${topic}`);
    expect(permissions).toEqual({
      producer: [
        `kafka-cluster:Connect kafka-cluster:DescribeCluster kafka-cluster:WriteDataIdempotently -> cluster`,
        `kafka-cluster:CreateTopic kafka-cluster:DescribeTopic -> ${allTopics.join(', ')}`,
        `${write} -> topic demo-transactions`,
      ],
      simulator: [
        publish,
        `${write} -> topic demo-fraud-confirmations, topic demo-transaction-labels, topic demo-transactions`,
      ],
      // Two topics, each read as its own group, each with its dead-letter topic.
      'feature-engine': [
        `${group} -> group demo-feature-engine, group demo-feature-engine-confirmations`,
        publish,
        `${read} -> topic demo-fraud-confirmations, topic demo-transactions`,
        `${write} -> topic demo-fraud-confirmations-dlq, topic demo-transaction-features, topic demo-transactions-dlq`,
      ],
      inference: [
        `${group} -> group demo-inference`,
        publish,
        `${read} -> topic demo-transaction-features`,
        `${write} -> topic demo-fraud-scores, topic demo-transaction-features-dlq`,
        'sagemaker:InvokeEndpoint -> model endpoint',
      ],
      alerting: [
        `${group} -> group demo-alerting`,
        publish,
        `${read} -> topic demo-fraud-scores`,
        `${write} -> topic demo-fraud-alerts, topic demo-fraud-scores-dlq`,
        'kms:Decrypt kms:GenerateDataKey -> key (via sns)',
        'sns:Publish -> alert topic',
      ],
    });
  });

  it('let SageMaker pull only the model-endpoint image, and the broker lookup call only GetBootstrapBrokers', () => {
    const [model] = propertiesOf(variant.json, 'AWS::SageMaker::Model');
    const modelRole = (model?.ExecutionRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(rolePermissions(variant.json, modelRole)).toEqual([
      'ecr:BatchCheckLayerAvailability ecr:BatchGetImage ecr:GetDownloadUrlForLayer -> asset image repository',
      'ecr:GetAuthorizationToken -> *',
    ]);
    const lookupRole = logicalIdsOf(variant.json, 'AWS::IAM::Role').find((id) =>
      id.startsWith('StreamsBootstrapBrokersRole'),
    );
    expect(rolePermissions(variant.json, lookupRole ?? 'none')).toEqual([
      'kafka:GetBootstrapBrokers -> cluster',
      'logs:CreateLogStream logs:PutLogEvents -> own log group',
    ]);
  });
});

describe('the MSK Serverless deployment’s checks', () => {
  itPassesTheSecurityChecks(() => variant, {
    'AwsSolutions-AEC6': 1,
    'AwsSolutions-APIG4': 1,
    'AwsSolutions-ECS2': 5,
    'AwsSolutions-ELB2': 1,
    'AwsSolutions-IAM5[Resource::*]': 6,
    'AwsSolutions-SMG4': 4,
    'PCI.DSS.321-ALBHttpToHttpsRedirection': 1,
    'PCI.DSS.321-ALBWAFEnabled': 1,
    'PCI.DSS.321-ELBLoggingEnabled': 1,
    'PCI.DSS.321-ELBTlsHttpsListenersOnly': 1,
    'PCI.DSS.321-ELBv2ACMCertificateRequired': 1,
    'PCI.DSS.321-LambdaInsideVPC': 1,
    'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW': 2,
  });

  it('matches the reviewed template', () => {
    // After a deliberate change: npx vitest run --project unit deploy -u, and review the diff.
    expect(withoutVolatileValues(variant.json)).toMatchSnapshot();
  });
});

describe('the provisioned MSK deployment', () => {
  it('runs one broker per zone with IAM auth only, TLS everywhere, the data key at rest and broker logs', () => {
    provisioned.template.resourceCountIs('AWS::MSK::ServerlessCluster', 0);
    const [logs] = logicalIdsOf(provisioned.json, 'AWS::Logs::LogGroup').filter((id) => id.includes('BrokerLogs'));
    provisioned.template.hasResourceProperties('AWS::MSK::Cluster', {
      NumberOfBrokerNodes: 2,
      BrokerNodeGroupInfo: Match.objectLike({ InstanceType: 'kafka.m7g.large' }),
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: Match.anyValue() },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
      LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: logs } } } },
    });
  });

  it('grants the same topic and group permissions on the provisioned cluster', () => {
    const producer = taskRoles(provisioned.json).find((role) => role.family === 'producer');
    expect(rolePermissions(provisioned.json, producer?.taskRole ?? 'none')).toContain(
      'kafka-cluster:DescribeTopic kafka-cluster:WriteData -> topic transactions',
    );
  });
});

describe('the provisioned MSK deployment’s checks', () => {
  itPassesTheSecurityChecks(() => provisioned, {
    'AwsSolutions-AEC6': 1,
    'AwsSolutions-APIG4': 1,
    'AwsSolutions-ECS2': 5,
    'AwsSolutions-ELB2': 1,
    'AwsSolutions-IAM5[Resource::*]': 5,
    'AwsSolutions-SMG4': 4,
    'PCI.DSS.321-ALBHttpToHttpsRedirection': 1,
    'PCI.DSS.321-ALBWAFEnabled': 1,
    'PCI.DSS.321-ELBLoggingEnabled': 1,
    'PCI.DSS.321-ELBTlsHttpsListenersOnly': 1,
    'PCI.DSS.321-ELBv2ACMCertificateRequired': 1,
    'PCI.DSS.321-LambdaInsideVPC': 1,
    'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW': 2,
  });
});
