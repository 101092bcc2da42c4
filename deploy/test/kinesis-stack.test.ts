import { streamNames } from '@fraud/contracts';
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
  secretsOf,
  serviceIdOf,
  withoutVolatileValues,
} from './support/template-queries.js';

// `cdk synth` with no options: Kinesis, the built-in XGBoost image, no e-mail, no stream prefix.
let variant: SynthesizedVariant;
beforeAll(() => {
  variant = synthesize();
}, 60_000);
afterAll(() => {
  variant.dispose();
});

const REGION = { Ref: 'AWS::Region' };
const SERVICES = ['producer', 'feature-engine', 'inference', 'alerting'] as const;
const CONSUMERS = [
  { service: 'feature-engine', stream: 'transactions' },
  { service: 'inference', stream: 'transaction-features' },
  { service: 'alerting', stream: 'fraud-scores' },
] as const;

function keyRef(): Record<string, unknown> {
  return { 'Fn::GetAtt': [logicalIdsOf(variant.json, 'AWS::KMS::Key')[0], 'Arn'] };
}

describe('the Kinesis deployment', () => {
  it('is the stack FraudDetection-Kinesis', () => {
    expect(variant.stack.stackName).toBe('FraudDetection-Kinesis');
  });

  it('creates every stream of the contract and its dead-letter stream, on demand, encrypted with the data key', () => {
    const streams = propertiesOf(variant.json, 'AWS::Kinesis::Stream');
    expect(streams.map((stream) => stream.Name).sort()).toEqual([...streamNames('').all].sort());
    for (const stream of streams) {
      expect(stream).toMatchObject({
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        StreamEncryption: { EncryptionType: 'KMS', KeyId: keyRef() },
        RetentionPeriodHours: 24,
      });
    }
  });

  it('makes one encrypted lease table with point-in-time recovery per consumer group, named as the KCL names it', () => {
    const tables = propertiesOf(variant.json, 'AWS::DynamoDB::Table');
    expect(tables.map((table) => table.TableName).sort()).toEqual([
      'alerting',
      'feature-engine',
      'feature-engine-confirmations',
      'inference',
    ]);
    for (const table of tables) {
      expect(table).toMatchObject({
        KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyRef() },
      });
    }
  });

  it('runs the four pipeline services on Fargate in private subnets, rolling back failed deployments', () => {
    expect(logicalIdsOf(variant.json, 'AWS::ECS::Service')).toHaveLength(4);
    for (const service of SERVICES) {
      expect(variant.json.Resources[serviceIdOf(variant.json, service)]?.Properties).toMatchObject({
        LaunchType: 'FARGATE',
        DesiredCount: 1,
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        },
        NetworkConfiguration: {
          AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: [expect.anything(), expect.anything()] },
        },
      });
    }
    variant.template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('gives each service exactly its settings, secrets from Secrets Manager, and the shared ones', () => {
    const shared = {
      TRANSPORT: 'kinesis',
      AWS_REGION: REGION,
      STREAM_PREFIX: '',
      HTTP_PORT: '8080',
      HTTP_HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: '25',
    };
    const [endpoint] = logicalIdsOf(variant.json, 'AWS::SageMaker::Endpoint');
    const [topic] = logicalIdsOf(variant.json, 'AWS::SNS::Topic');
    expect(environmentOf(containerOf(variant.json, 'producer'))).toEqual(shared);
    expect(environmentOf(containerOf(variant.json, 'feature-engine'))).toEqual(shared);
    expect(environmentOf(containerOf(variant.json, 'inference'))).toEqual({
      ...shared,
      SAGEMAKER_ENDPOINT_NAME: { 'Fn::GetAtt': [endpoint, 'EndpointName'] },
    });
    expect(environmentOf(containerOf(variant.json, 'alerting'))).toEqual({ ...shared, SNS_TOPIC_ARN: { Ref: topic } });

    const secretNamed = (prefix: string): string =>
      logicalIdsOf(variant.json, 'AWS::SecretsManager::Secret').find((id) =>
        String(variant.json.Resources[id]?.Properties?.Description).startsWith(prefix),
      ) ?? 'none';
    const producerSecrets = {
      PAN_HMAC_KEY: secretNamed('PAN_HMAC_KEY'),
      INGEST_API_KEYS: secretNamed('INGEST_API_KEYS'),
    };
    expect(secretsOf(containerOf(variant.json, 'producer'))).toEqual(producerSecrets);
    expect(secretsOf(containerOf(variant.json, 'simulator'))).toEqual(producerSecrets);
    for (const { service } of CONSUMERS) {
      expect(secretsOf(containerOf(variant.json, service))).toEqual({ REDIS_URL: secretNamed('REDIS_URL') });
    }
  });

  it('checks liveness, stops within the graceful shutdown, and logs to an encrypted log group of its own', () => {
    for (const family of [...SERVICES, 'simulator']) {
      const container = containerOf(variant.json, family);
      expect(container.HealthCheck.Command.join(' ')).toContain("fetch('http://127.0.0.1:8080/health/live')");
      expect(container.HealthCheck.StartPeriod).toBe(120);
      expect(container.StopTimeout).toBe(30);
      expect(container.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { mode: 'non-blocking' } });
    }
    const groups = propertiesOf(variant.json, 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(7);
    for (const group of groups) expect(group).toMatchObject({ RetentionInDays: 365, KmsKeyId: keyRef() });
  });

  it('sizes consumers for the KCL daemon next to Node', () => {
    const sizes = Object.fromEntries(
      propertiesOf(variant.json, 'AWS::ECS::TaskDefinition').map((td) => [
        td.Family,
        `${String(td.Cpu)}/${String(td.Memory)}`,
      ]),
    );
    expect(sizes).toEqual({
      producer: '512/1024',
      simulator: '512/1024',
      'feature-engine': '1024/2048',
      inference: '1024/2048',
      alerting: '1024/2048',
    });
  });

  it('scales consumers on CPU and on their stream iterator age, up to the four shards of an on-demand stream', () => {
    const targets = propertiesOf(variant.json, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(targets.map((target) => `${String(target.MinCapacity)}-${String(target.MaxCapacity)}`)).toEqual([
      '1-4',
      '1-4',
      '1-4',
      '1-4',
    ]);
    const cpu = propertiesOf(variant.json, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter(
      (policy) => policy.PolicyType === 'TargetTrackingScaling',
    );
    expect(cpu).toHaveLength(4);
    const lagAlarms = propertiesOf(variant.json, 'AWS::CloudWatch::Alarm');
    expect(lagAlarms.map((alarm) => `${String(alarm.MetricName)} ${String(alarm.Statistic)}`)).toEqual(
      Array(6).fill('GetRecords.IteratorAgeMilliseconds Maximum'),
    );
    const streamsOfAlarms = lagAlarms.map((alarm) => (alarm.Dimensions as { Value: { Ref: string } }[])[0]?.Value.Ref);
    for (const { stream } of CONSUMERS) {
      const id = logicalIdsOf(variant.json, 'AWS::Kinesis::Stream').find(
        (candidate) => variant.json.Resources[candidate]?.Properties?.Name === stream,
      );
      expect(streamsOfAlarms.filter((ref) => ref === id)).toHaveLength(2);
    }
  });

  it("serves the committed model.tar.gz from SageMaker's built-in XGBoost image for the model's version, isolated", () => {
    variant.template.hasMapping('XgboostRegistry', { 'us-east-1': { account: '683313688378' } });
    variant.template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      PrimaryContainer: {
        Image: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              { 'Fn::FindInMap': ['XgboostRegistry', REGION, 'account'] },
              Match.stringLikeRegexp('/sagemaker-xgboost:3\\.0-5$'),
            ]),
          ],
        },
        ModelDataUrl: Match.anyValue(),
      },
    });
    variant.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: keyRef(),
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.m5.large', InitialInstanceCount: 1 })],
    });
  });

  it('publishes alerts to a topic encrypted with the data key that refuses requests without TLS', () => {
    variant.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyRef() });
    variant.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    variant.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('keeps state in Valkey with TLS required, encryption at rest, a replica in another zone and RBAC users', () => {
    variant.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: keyRef(),
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      ReplicasPerNodeGroup: 1,
      Port: 6380,
      UserGroupIds: [Match.anyValue()],
    });
    const users = propertiesOf(variant.json, 'AWS::ElastiCache::User').map(
      (user) => `${String(user.UserName)}: ${String(user.AccessString)}`,
    );
    expect(users.sort()).toEqual(['default: off -@all', 'fraud-services: on ~* &* +@all -@admin -flushall -flushdb']);
    const urlSecret = propertiesOf(variant.json, 'AWS::SecretsManager::Secret').find((secret) =>
      String(secret.Description).startsWith('REDIS_URL'),
    );
    const url = JSON.stringify(urlSecret?.SecretString);
    expect(url).toContain('rediss://fraud-services:');
    expect(url).toContain('{{resolve:secretsmanager:');
  });

  it('opens Valkey only to the three stateful services', () => {
    const ingress = propertiesOf(variant.json, 'AWS::EC2::SecurityGroupIngress').filter(
      (rule) => rule.FromPort === 6380,
    );
    expect(ingress.map((rule) => rule.Description)).toEqual(Array(3).fill('Valkey over TLS'));
  });

  it('encrypts every secret with the data key, which rotates yearly', () => {
    const secrets = propertiesOf(variant.json, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(4);
    for (const secret of secrets) expect(secret.KmsKeyId).toEqual(keyRef());
    variant.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('exposes only POST /v1/transactions, over HTTPS through API Gateway to an internal load balancer', () => {
    expect(propertiesOf(variant.json, 'AWS::ApiGatewayV2::Route').map((route) => route.RouteKey)).toEqual([
      'POST /v1/transactions',
    ]);
    variant.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
    });
    variant.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 },
    });
    variant.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    variant.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      HealthCheckPath: '/health/ready',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }]),
    });
  });

  it('routes egress through one NAT gateway and logs every flow of the VPC', () => {
    variant.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    variant.template.resourceCountIs('AWS::EC2::FlowLog', 1);
    for (const subnet of propertiesOf(variant.json, 'AWS::EC2::Subnet')) expect(subnet.MapPublicIpOnLaunch).toBe(false);
  });

  it('defines the simulator as a task to run on demand, not a service', () => {
    expect(containerOf(variant.json, 'simulator').Command).toEqual([
      'simulate',
      '--rate',
      '100',
      '--duration',
      '900',
      '--fraud-multiplier',
      '5',
    ]);
    const runTask = JSON.stringify(variant.json.Outputs?.SimulatorRunTask?.Value);
    expect(runTask).toContain('aws ecs run-task --launch-type FARGATE');
    expect(runTask).toContain('assignPublicIp=DISABLED');
  });

  it('outputs the ingest URL, the API keys secret, the topic, the endpoint and every log group', () => {
    expect(Object.keys(variant.json.Outputs ?? {}).sort()).toEqual([
      'AlertTopicArn',
      'AlertingLogGroup',
      'ClusterName',
      'FeatureEngineLogGroup',
      'InferenceLogGroup',
      'IngestApiKeysSecret',
      'IngestUrl',
      'ModelEndpointName',
      'ProducerLogGroup',
      'SimulatorLogGroup',
      'SimulatorRunTask',
    ]);
    expect(JSON.stringify(variant.json.Outputs?.IngestUrl?.Value)).toMatch(/\/v1\/transactions"\]\]\}$/);
  });
});

describe('the Kinesis deployment’s roles', () => {
  it('let each service use exactly its own streams, lease table and dependencies', () => {
    const permissions = Object.fromEntries(
      taskRoles(variant.json).map((role) => [role.family, rolePermissions(variant.json, role.taskRole)]),
    );
    const read =
      'kinesis:DescribeStream kinesis:DescribeStreamSummary kinesis:GetRecords kinesis:GetShardIterator kinesis:ListShards';
    const leases =
      'dynamodb:DeleteItem dynamodb:DescribeTable dynamodb:GetItem dynamodb:PutItem dynamodb:Scan dynamodb:UpdateItem';
    expect(permissions).toEqual({
      producer: [
        'kinesis:PutRecord kinesis:PutRecords -> stream transactions',
        'kms:GenerateDataKey -> key (via kinesis)',
      ],
      simulator: [
        'kinesis:PutRecord kinesis:PutRecords -> stream fraud-confirmations, stream transaction-labels, stream transactions',
        'kms:GenerateDataKey -> key (via kinesis)',
      ],
      // Two streams, two KCL applications: each with its lease table and dead-letter stream.
      'feature-engine': [
        `${leases} -> table feature-engine, table feature-engine-confirmations`,
        `${read} -> stream fraud-confirmations, stream transactions`,
        'kinesis:PutRecord kinesis:PutRecords -> stream fraud-confirmations-dlq, stream transaction-features, stream transactions-dlq',
        'kms:Decrypt kms:GenerateDataKey -> key (via dynamodb)',
        'kms:Decrypt kms:GenerateDataKey -> key (via kinesis)',
      ],
      inference: [
        `${leases} -> table inference`,
        `${read} -> stream transaction-features`,
        'kinesis:PutRecord kinesis:PutRecords -> stream fraud-scores, stream transaction-features-dlq',
        'kms:Decrypt kms:GenerateDataKey -> key (via dynamodb)',
        'kms:Decrypt kms:GenerateDataKey -> key (via kinesis)',
        'sagemaker:InvokeEndpoint -> model endpoint',
      ],
      alerting: [
        `${leases} -> table alerting`,
        `${read} -> stream fraud-scores`,
        'kinesis:PutRecord kinesis:PutRecords -> stream fraud-alerts, stream fraud-scores-dlq',
        'kms:Decrypt kms:GenerateDataKey -> key (via dynamodb)',
        'kms:Decrypt kms:GenerateDataKey -> key (via kinesis)',
        'kms:Decrypt kms:GenerateDataKey -> key (via sns)',
        'sns:Publish -> alert topic',
      ],
    });
  });

  it('let ECS pull the image, read the service’s own secrets and write its own log group, nothing more', () => {
    const permissions = Object.fromEntries(
      taskRoles(variant.json).map((role) => [role.family, rolePermissions(variant.json, role.executionRole)]),
    );
    const start = [
      'ecr:BatchCheckLayerAvailability ecr:BatchGetImage ecr:GetDownloadUrlForLayer -> asset image repository',
      'ecr:GetAuthorizationToken -> *',
      'logs:CreateLogStream logs:PutLogEvents -> own log group',
    ];
    const producerSecrets =
      'secretsmanager:DescribeSecret secretsmanager:GetSecretValue -> secret INGEST_API_KEYS, secret PAN_HMAC_KEY';
    const redisUrl = 'secretsmanager:DescribeSecret secretsmanager:GetSecretValue -> secret REDIS_URL';
    expect(permissions).toEqual({
      producer: [...start, producerSecrets],
      simulator: [...start, producerSecrets],
      'feature-engine': [...start, redisUrl],
      inference: [...start, redisUrl],
      alerting: [...start, redisUrl],
    });
  });

  it('let SageMaker read only the model archive', () => {
    const [model] = propertiesOf(variant.json, 'AWS::SageMaker::Model');
    const role = (model?.ExecutionRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(rolePermissions(variant.json, role)).toEqual(['s3:GetObject -> model archive object']);
  });
});

describe('the Kinesis deployment’s checks', () => {
  itPassesTheSecurityChecks(() => variant, {
    'AwsSolutions-AEC6': 1,
    'AwsSolutions-APIG4': 1,
    'AwsSolutions-ECS2': 5,
    'AwsSolutions-ELB2': 1,
    'AwsSolutions-IAM5[Resource::*]': 5,
    'AwsSolutions-KDS3': 12,
    'AwsSolutions-SMG4': 4,
    'PCI.DSS.321-ALBHttpToHttpsRedirection': 1,
    'PCI.DSS.321-ALBWAFEnabled': 1,
    'PCI.DSS.321-ELBLoggingEnabled': 1,
    'PCI.DSS.321-ELBTlsHttpsListenersOnly': 1,
    'PCI.DSS.321-ELBv2ACMCertificateRequired': 1,
    'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW': 2,
  });

  it('matches the reviewed template', () => {
    // After a deliberate change: npx vitest run --project unit deploy -u, and review the diff.
    expect(withoutVolatileValues(variant.json)).toMatchSnapshot();
  });
});
