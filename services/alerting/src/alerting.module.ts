import type { ModelThresholds } from '@fraud/model-manifest';
import { RedisModule } from '@fraud/redis';
import { Module, type DynamicModule } from '@nestjs/common';

import { AlertProcessor } from './alerts/alert-processor.js';
import { AlertingMetrics } from './alerts/alerting-metrics.js';
import { MODEL_THRESHOLDS } from './alerts/alerting.tokens.js';
import { AlertingConsumer } from './consumers/fraud-scores.consumer.js';
import { snsClientProvider } from './sinks/sns-client.provider.js';
import { SnsAlertSink } from './sinks/sns-alert-sink.js';
import { WebhookSink } from './sinks/webhook-sink.js';
import { stateProviders } from './state/state.providers.js';

/** `fraud-scores` in; SNS, `fraud-alerts` and the optional webhook out; per-card alert state in Redis. */
@Module({})
export class AlertingModule {
  static forRoot(thresholds: ModelThresholds): DynamicModule {
    return {
      module: AlertingModule,
      imports: [RedisModule.forRoot()],
      providers: [
        { provide: MODEL_THRESHOLDS, useValue: thresholds },
        ...stateProviders,
        snsClientProvider,
        SnsAlertSink,
        WebhookSink,
        AlertingMetrics,
        AlertProcessor,
        AlertingConsumer,
      ],
    };
  }
}
