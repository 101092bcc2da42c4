import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

import type { LagScaling } from '../streaming/stream-platform.js';
import { PipelineTask, type PipelineTaskProps } from './pipeline-task.js';

export interface PipelineServiceProps extends PipelineTaskProps {
  cluster: ecs.ICluster;
  /** The most tasks autoscaling may run: more consumers than partitions or shards would idle. */
  maxCount: number;
  /** Consumers also scale on how far behind their stream they are. */
  lagScaling?: LagScaling;
}

/**
 * A long-running pipeline service on Fargate in the private subnets, with
 * its own security group, a rollback on failed deployments, and autoscaling
 * on CPU and, for consumers, on consumer lag.
 */
export class PipelineService extends Construct {
  readonly task: PipelineTask;
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: PipelineServiceProps) {
    super(scope, id);
    this.task = new PipelineTask(this, 'Task', props);
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.task.taskDefinition,
      desiredCount: 1,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      // A replacement starts before the old task stops, so a deployment never pauses the stream.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: props.maxCount });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleInCooldown: Duration.minutes(2),
      scaleOutCooldown: Duration.minutes(1),
    });
    if (props.lagScaling !== undefined) {
      const lag = props.lagScaling;
      // Scaling in happens only when every policy agrees, so a busy CPU keeps tasks a small lag would shed.
      scaling.scaleOnMetric('Lag', {
        metric: lag.metric,
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        scalingSteps: [
          { upper: lag.idleBelow, change: -1 },
          { lower: lag.behind, change: 1 },
          { lower: lag.farBehind, change: 2 },
        ],
        cooldown: Duration.minutes(2),
      });
    }
  }

  get connections(): ec2.Connections {
    return this.service.connections;
  }
}
