import { CfnOutput, type Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';

import type { SimulatorTask } from './services/simulator-task.js';

export interface DeploymentOutputs {
  ingestUrl: string;
  ingestApiKeys: secretsmanager.ISecret;
  alertTopic: sns.ITopic;
  modelEndpointName: string;
  cluster: ecs.ICluster;
  simulator: SimulatorTask;
  privateSubnetIds: string[];
  /** By service name; each becomes `<PascalName>LogGroup`. */
  logGroups: Readonly<Record<string, logs.ILogGroup>>;
}

/** What `cdk deploy` prints: where to send transactions, where alerts go, how to run the simulator, where the logs are. */
export function addDeploymentOutputs(stack: Stack, outputs: DeploymentOutputs): void {
  new CfnOutput(stack, 'IngestUrl', {
    value: outputs.ingestUrl,
    description: 'POST transactions here with an x-api-key header',
  });
  new CfnOutput(stack, 'IngestApiKeysSecret', {
    value: outputs.ingestApiKeys.secretArn,
    description:
      'The API key: aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text',
  });
  new CfnOutput(stack, 'AlertTopicArn', { value: outputs.alertTopic.topicArn });
  new CfnOutput(stack, 'ModelEndpointName', { value: outputs.modelEndpointName });
  new CfnOutput(stack, 'ClusterName', { value: outputs.cluster.clusterName });
  new CfnOutput(stack, 'SimulatorRunTask', {
    description: 'Starts the simulator; add --overrides to change its options (deploy/README.md)',
    value: [
      'aws ecs run-task --launch-type FARGATE',
      `--cluster ${outputs.cluster.clusterName}`,
      `--task-definition ${outputs.simulator.task.taskDefinition.taskDefinitionArn}`,
      `--network-configuration awsvpcConfiguration={subnets=[${outputs.privateSubnetIds.join(',')}],securityGroups=[${outputs.simulator.securityGroup.securityGroupId}],assignPublicIp=DISABLED}`,
    ].join(' '),
  });
  for (const [name, logGroup] of Object.entries(outputs.logGroups)) {
    new CfnOutput(stack, `${pascalCase(name)}LogGroup`, { value: logGroup.logGroupName });
  }
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
