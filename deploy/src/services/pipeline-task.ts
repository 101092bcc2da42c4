import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';
import { LOG_RETENTION } from '../security/log-retention.js';
import { ManagedPolicyRole } from '../security/managed-policy-role.js';

/** Every service serves health and metrics (and the producer its API) here. */
export const SERVICE_PORT = 8080;
/** The services' own deadline from SIGTERM to exit (SHUTDOWN_TIMEOUT_SECONDS). */
export const SHUTDOWN_TIMEOUT_SECONDS = 25;
/** ECS waits this long after SIGTERM before SIGKILL: the services' deadline and a margin to exit. */
export const STOP_TIMEOUT = Duration.seconds(SHUTDOWN_TIMEOUT_SECONDS + 5);

/** Liveness, not readiness: a service waiting for Redis or the brokers is alive and must not be replaced. */
const LIVENESS_PROBE = `fetch('http://127.0.0.1:${SERVICE_PORT}/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;

export interface PipelineTaskProps {
  /** Names the task family, the container and the log stream prefix. */
  name: string;
  image: ecs.ContainerImage;
  cpu: number;
  memoryLimitMiB: number;
  /** Settings that are not secrets. */
  environment: Readonly<Record<string, string>>;
  /** Settings injected from Secrets Manager at start. */
  secrets: Readonly<Record<string, ecs.Secret>>;
  /** Arguments after the image's entry point (`node dist/main.js`, in the service's directory). */
  command?: string[];
  dataKey: DataKey;
}

/**
 * One service's Fargate task: its image, its settings (secrets from Secrets
 * Manager, the rest as plain variables), a liveness health check, a stop
 * timeout matching the service's graceful shutdown, and logs in their own
 * encrypted log group.
 */
export class PipelineTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineTaskProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.dataKey.key,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const ecsTasks = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: props.name,
      taskRole: new ManagedPolicyRole(this, 'TaskRole', {
        assumedBy: ecsTasks,
        description: `${props.name}: what the service itself may do`,
      }),
      executionRole: new ManagedPolicyRole(this, 'ExecutionRole', {
        assumedBy: ecsTasks,
        description: `${props.name}: what ECS may do to start it (image, secrets, logs)`,
      }),
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.container = this.taskDefinition.addContainer(props.name, {
      image: props.image,
      command: props.command,
      environment: {
        ...props.environment,
        HTTP_PORT: String(SERVICE_PORT),
        // Reachable by the load balancer and the health check; the security group decides who may connect.
        HTTP_HOST: '0.0.0.0',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      },
      secrets: { ...props.secrets },
      portMappings: [{ containerPort: SERVICE_PORT, name: 'http' }],
      healthCheck: {
        command: ['CMD', 'node', '-e', LIVENESS_PROBE],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        // A Kinesis consumer starts a JVM and takes its leases first (up to 90 s).
        startPeriod: Duration.seconds(120),
      },
      stopTimeout: STOP_TIMEOUT,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: props.name,
        // A slow CloudWatch must not stall the pipeline: logs are buffered, and dropped if the buffer fills.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });
    Validations.of(this.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, which ECS needs to pull the image, is account-wide: IAM accepts only Resource "*" for it. The image layers themselves are read from the one asset repository.',
    });
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The plain variables are non-secret settings (transport, stream prefix, endpoints, ports); every secret (PAN HMAC key, API keys, Redis URL with its password) is injected from Secrets Manager.',
    });
  }
}
