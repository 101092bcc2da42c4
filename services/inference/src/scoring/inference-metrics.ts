import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why rows were scored by the rules instead of the model. */
export type FallbackReason = 'circuit_open' | 'timeout' | 'endpoint_error' | 'malformed_response' | 'missing_features';

/** How one endpoint call (one attempt) ended. */
export type CallOutcome = 'scored' | 'timeout' | 'error' | 'malformed_response' | 'circuit_open';

@Injectable()
export class InferenceMetrics {
  readonly scores: Counter<'source' | 'decision'>;
  readonly fallbacks: Counter<'reason'>;
  readonly duplicates: Counter;
  readonly callSeconds: Histogram<'outcome'>;
  readonly callRetries: Counter<'reason'>;
  readonly batchRows: Histogram;
  readonly consumeToPublishSeconds: Histogram;
  /** cockatiel's CircuitState: 0 closed, 1 open, 2 half-open, 3 isolated. */
  readonly breakerState: Gauge;
  readonly breakerOpened: Counter;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.scores = new Counter({
      name: 'inference_scores_total',
      help: 'Fraud scores published, by source (model or rules) and decision.',
      labelNames: ['source', 'decision'],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'inference_fallbacks_total',
      help: 'Transactions scored by the rules because the model could not score them, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'inference_duplicates_skipped_total',
      help: 'Transactions not scored again: already scored, or repeated within their batch.',
      registers,
    });
    this.callSeconds = new Histogram({
      name: 'inference_endpoint_call_seconds',
      help: 'Time of one InvokeEndpoint attempt (after any wait for a concurrency slot), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.callRetries = new Counter({
      name: 'inference_endpoint_retries_total',
      help: 'InvokeEndpoint attempts retried, by the failure that caused the retry.',
      labelNames: ['reason'],
      registers,
    });
    this.batchRows = new Histogram({
      name: 'inference_batch_rows',
      help: 'Rows per InvokeEndpoint call.',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    });
    this.consumeToPublishSeconds = new Histogram({
      name: 'inference_consume_to_publish_seconds',
      help: 'Per score: from its batch reaching the service to the score durably published (what the service adds).',
      buckets: [
        0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1,
      ],
      registers,
    });
    this.breakerState = new Gauge({
      name: 'inference_circuit_breaker_state',
      help: 'Circuit breaker of the endpoint: 0 closed, 1 open (rules only), 2 half-open (one test call), 3 isolated.',
      registers,
    });
    this.breakerOpened = new Counter({
      name: 'inference_circuit_breaker_opened_total',
      help: 'Times the circuit breaker of the endpoint opened.',
      registers,
    });
  }
}
