import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';

import { FraudDetectionStack } from '../fraud-detection-stack.js';
import { deployOptionsFrom, type DeployOptions } from './deploy-options.js';

/** `FraudDetection-Kinesis` or `FraudDetection-Msk`: both transports can be deployed side by side. */
export function stackNameFor(options: DeployOptions): string {
  return options.transport === 'kinesis' ? 'FraudDetection-Kinesis' : 'FraudDetection-Msk';
}

/**
 * The deployment as `cdk synth` and `cdk deploy` see it: the stack the
 * context asks for, checked by the AWS Solutions and PCI DSS 3.2.1 rule
 * packs, whose unacknowledged findings fail synthesis.
 */
export function addFraudDetection(app: App): FraudDetectionStack {
  const options = deployOptionsFrom((key) => app.node.tryGetContext(key));
  const stack = new FraudDetectionStack(app, stackNameFor(options), {
    options,
    // No AWS::CDK::Metadata resource: the template depends only on this repository.
    analyticsReporting: false,
    description: `Real-time card fraud detection on ${options.transport === 'kinesis' ? 'Kinesis' : 'MSK'}, ECS Fargate, ElastiCache, SageMaker and SNS`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new PCIDSS321Checks(app));
  return stack;
}
