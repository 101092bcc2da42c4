import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';

export interface AlertTopicProps {
  dataKey: DataKey;
  /** Subscribed by e-mail when given; SNS sends a confirmation link first. */
  email: string | undefined;
}

/** The SNS topic the alerting service publishes to: encrypted with the data key, TLS-only. */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  private readonly dataKey: DataKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.dataKey = props.dataKey;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Card fraud alerts',
      masterKey: props.dataKey.key,
      // Adds a Deny on aws:SecureTransport=false: publishers and subscribers must use TLS.
      enforceSSL: true,
    });
    if (props.email !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** sns:Publish on this topic, and the data key for the message encryption SNS does on the caller's behalf. */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    this.dataKey.grantVia(grantee, 'sns', 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
