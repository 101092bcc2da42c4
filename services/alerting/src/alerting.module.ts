import type { ModelThresholds } from '@fraud/model-manifest';
import { RedisModule } from '@fraud/redis';
import { createTransport, TransportModule } from '@fraud/transport';
import { Module, type DynamicModule } from '@nestjs/common';

import { AlertProcessor } from './alerts/alert-processor.js';
import { AlertingMetrics } from './alerts/alerting-metrics.js';
import { MODEL_THRESHOLDS } from './alerts/alerting.tokens.js';
import { FraudScoreBatchHooks } from './alerts/fraud-score-batch-hooks.js';
import { FraudScoresController } from './alerts/fraud-scores.controller.js';
import type { AlertingSettings } from './settings/alerting-settings.js';
import { snsClientProvider } from './sinks/sns-client.provider.js';
import { SnsAlertSink } from './sinks/sns-alert-sink.js';
import { WebhookSink } from './sinks/webhook-sink.js';
import { stateProviders } from './state/state.providers.js';

/** `fraud-scores` in; SNS, `fraud-alerts` and the optional webhook out; per-card alert state in Redis. */
@Module({})
export class AlertingModule {
  static forRoot(settings: AlertingSettings, thresholds: ModelThresholds): DynamicModule {
    return {
      module: AlertingModule,
      imports: [
        TransportModule.forRoot({
          streamPrefix: settings.STREAM_PREFIX,
          transport: (deps) => createTransport(settings, { clientId: 'alerting', ...deps }),
          createStreamsWithPartitions: settings.CREATE_STREAMS ? settings.STREAM_PARTITIONS : undefined,
        }),
        RedisModule.forRoot(),
      ],
      controllers: [FraudScoresController],
      providers: [
        { provide: MODEL_THRESHOLDS, useValue: thresholds },
        ...stateProviders,
        snsClientProvider,
        SnsAlertSink,
        WebhookSink,
        AlertingMetrics,
        AlertProcessor,
        FraudScoreBatchHooks,
      ],
    };
  }
}
