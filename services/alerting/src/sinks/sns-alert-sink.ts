import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SETTINGS } from '@fraud/config';
import { TransientError } from '@fraud/resilience';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

import { AlertingMetrics } from '../alerts/alerting-metrics.js';
import type { AlertingSettings } from '../settings/alerting-settings.js';
import type { AlertNotice } from './alert-notice.js';
import { SNS_CLIENT } from './sns-client.provider.js';
import { snsMessage } from './sns-message.js';

/** Publishes alert notices to SNS_TOPIC_ARN. */
@Injectable()
export class SnsAlertSink implements OnApplicationShutdown {
  private readonly topicArn: string;

  constructor(
    @Inject(SNS_CLIENT) private readonly client: SNSClient,
    @Inject(SETTINGS) settings: AlertingSettings,
    private readonly metrics: AlertingMetrics,
  ) {
    this.topicArn = settings.SNS_TOPIC_ARN;
  }

  /**
   * Resolves once SNS accepted the message. Every failure is a
   * TransientError: none is the record's fault (the message is bounded in
   * size and built by this service), so the record waits and is retried
   * until SNS takes it, and nothing after it is committed: an alert is
   * delayed by an outage or a misconfigured topic, never lost.
   */
  async publish(notice: AlertNotice): Promise<void> {
    const stopTimer = this.metrics.snsPublishSeconds.startTimer();
    try {
      await this.client.send(new PublishCommand(snsMessage(this.topicArn, notice)));
    } catch (error) {
      this.metrics.snsPublishFailures.inc();
      throw new TransientError(
        `sns: publishing alert ${notice.alert.alertId} revision ${notice.alert.revision} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    stopTimer();
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
