import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

import { PipelineTask, type PipelineTaskProps } from './pipeline-task.js';

export interface SimulatorTaskProps extends Omit<PipelineTaskProps, 'name' | 'command'> {
  vpc: ec2.IVpc;
}

/** What a run does unless the run-task call overrides the command: 100 transactions/s for 15 minutes. */
export const DEFAULT_SIMULATION = ['simulate', '--rate', '100', '--duration', '900', '--fraud-multiplier', '5'];

/**
 * The simulator as an on-demand task: the producer image in `simulate`
 * mode, run with `aws ecs run-task` (the stack prints the command). It
 * publishes transactions, their ground-truth labels and the frauds'
 * confirmations, and ends by itself.
 */
export class SimulatorTask extends Construct {
  readonly task: PipelineTask;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SimulatorTaskProps) {
    super(scope, id);
    this.task = new PipelineTask(this, 'Task', { ...props, name: 'simulator', command: DEFAULT_SIMULATION });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Simulator task: outbound to the brokers and AWS APIs only',
    });
  }
}
