import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpAlbIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';
import { LOG_RETENTION } from '../security/log-retention.js';
import { SERVICE_PORT } from './pipeline-task.js';

/** The one route the API exposes: health, metrics and anything else the producer serves stay private. */
export const INGEST_ROUTE = '/v1/transactions';

export interface IngestApiProps {
  vpc: ec2.IVpc;
  producer: ecs.FargateService;
  dataKey: DataKey;
}

/**
 * The producer's ingest API: an internal Application Load Balancer in front
 * of the producer tasks, reached from the internet only through an API
 * Gateway HTTP API over a VPC link. Clients get HTTPS with an AWS
 * certificate and no domain to own; the API throttles, logs every request,
 * and forwards only `POST /v1/transactions` (the producer checks `x-api-key`).
 */
export class IngestApi extends Construct {
  /** `https://<api>.execute-api.<region>.amazonaws.com/v1/transactions`. */
  readonly url: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    const linkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpc: props.vpc,
      description: 'API Gateway VPC link to the ingest load balancer',
      allowAllOutbound: false,
    });
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: 'Ingest load balancer: requests from the API Gateway VPC link only',
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
    });

    const listener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
    });
    listener.addTargets('Producer', {
      port: SERVICE_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.producer],
      healthCheck: { path: '/health/ready', healthyHttpCodes: '200', interval: Duration.seconds(15) },
      // Shorter than the producer's shutdown deadline: requests in flight finish before SIGTERM.
      deregistrationDelay: Duration.seconds(15),
    });
    albSecurityGroup.connections.allowFrom(linkSecurityGroup, ec2.Port.tcp(80), 'API Gateway VPC link');
    linkSecurityGroup.connections.allowTo(albSecurityGroup, ec2.Port.tcp(80), 'ingest load balancer');

    const vpcLink = new apigw.VpcLink(this, 'VpcLink', {
      vpc: props.vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [linkSecurityGroup],
    });
    const api = new apigw.HttpApi(this, 'Api', {
      description: 'Card transaction ingest (POST /v1/transactions with x-api-key)',
      createDefaultStage: false,
    });
    api.addRoutes({
      path: INGEST_ROUTE,
      methods: [apigw.HttpMethod.POST],
      integration: new HttpAlbIntegration('Producer', listener, { vpcLink, timeout: Duration.seconds(10) }),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.dataKey.key,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 1_000, burstLimit: 2_000 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.url = `${stage.url}${INGEST_ROUTE.slice(1)}`;

    for (const route of api.node.findAll()) {
      if (route instanceof apigw.HttpRoute) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'The producer authorises every request itself: x-api-key against INGEST_API_KEYS (Secrets Manager), checked before the body is parsed.',
        });
      }
    }
    Validations.of(listener).acknowledge(
      ...[
        'PCI.DSS.321-ALBHttpToHttpsRedirection',
        'PCI.DSS.321-ELBTlsHttpsListenersOnly',
        'PCI.DSS.321-ELBv2ACMCertificateRequired',
      ].map((ruleId) => ({
        id: ruleId,
        reason:
          'Internal load balancer reachable only from the API Gateway VPC link inside the VPC; clients connect over HTTPS to API Gateway, which terminates TLS with an AWS certificate.',
      })),
    );
    const onlyThroughApi = 'Internal load balancer: every request comes through API Gateway';
    Validations.of(this.loadBalancer).acknowledge(
      {
        id: 'PCI.DSS.321-ALBWAFEnabled',
        reason: `${onlyThroughApi}, which throttles per stage; HTTP APIs cannot carry a WAF web ACL (put a REST API or CloudFront with WAF in front for that).`,
      },
      ...['AwsSolutions-ELB2', 'PCI.DSS.321-ELBLoggingEnabled'].map((ruleId) => ({
        id: ruleId,
        reason: `${onlyThroughApi}, whose access log (encrypted, one year) records each one with its source IP, status and latency.`,
      })),
    );
  }
}
