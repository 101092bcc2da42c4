import type { ModelManifest } from '@fraud/model-manifest';
import { LOGGER } from '@fraud/observability';
import { ProcessedTransactions } from '@fraud/idempotency';
import { REDIS, RedisModule } from '@fraud/redis';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';

import { ScoringConsumer } from './consumers/transaction-features.consumer.js';
import { ResilientEndpoint } from './endpoint/resilient-endpoint.js';
import { sageMakerEndpointProvider } from './endpoint/sagemaker-endpoint.provider.js';
import type { ScoringEndpoint } from './endpoint/scoring-endpoint.js';
import { MODEL_MANIFEST, SCORING_ENDPOINT } from './inference.tokens.js';
import { InferenceMetrics } from './scoring/inference-metrics.js';
import { TransactionScorer } from './scoring/transaction-scorer.js';
import type { InferenceSettings } from './settings/inference-settings.js';

/**
 * The inference service: `transaction-features` in, `fraud-scores` out;
 * the SageMaker endpoint scores, the rules stand in when it cannot; Redis
 * remembers what was scored.
 */
@Module({})
export class InferenceModule {
  static forRoot(settings: InferenceSettings, manifest: ModelManifest): DynamicModule {
    return {
      module: InferenceModule,
      imports: [RedisModule.forRoot()],
      providers: [
        { provide: MODEL_MANIFEST, useValue: manifest },
        InferenceMetrics,
        sageMakerEndpointProvider(settings),
        {
          provide: ResilientEndpoint,
          useFactory: (endpoint: ScoringEndpoint, metrics: InferenceMetrics, logger: Logger) =>
            new ResilientEndpoint(
              endpoint,
              {
                timeoutMs: settings.INFERENCE_TIMEOUT_MS,
                maxAttempts: settings.INFERENCE_MAX_ATTEMPTS,
                backoff: {
                  initialMs: settings.INFERENCE_RETRY_INITIAL_MS,
                  maxMs: settings.INFERENCE_RETRY_MAX_MS,
                  multiplier: 2,
                },
                breakerFailures: settings.INFERENCE_BREAKER_FAILURES,
                halfOpenAfterMs: settings.INFERENCE_BREAKER_HALF_OPEN_AFTER_MS,
                maxConcurrency: settings.INFERENCE_MAX_CONCURRENCY,
              },
              metrics,
              logger,
            ),
          inject: [SCORING_ENDPOINT, InferenceMetrics, LOGGER],
        },
        {
          provide: TransactionScorer,
          useFactory: (model: ResilientEndpoint) =>
            new TransactionScorer(manifest, model, {
              maxRows: settings.INFERENCE_MAX_BATCH_ROWS,
              maxWaitMs: settings.INFERENCE_MAX_BATCH_WAIT_MS,
            }),
          inject: [ResilientEndpoint],
        },
        {
          provide: ProcessedTransactions,
          // Apart per stack (STREAM_PREFIX) and from other consumers' records (scope).
          useFactory: (redis: Redis | Cluster) =>
            new ProcessedTransactions(redis, {
              scope: 'inference',
              namespace: settings.STREAM_PREFIX,
              ttlSeconds: settings.SCORED_TTL_SECONDS,
            }),
          inject: [REDIS],
        },
        ScoringConsumer,
      ],
    };
  }
}
