import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** Which path the invocation came by: SageMaker's container contract, or the runtime API's. */
export type InvocationRoute = 'invocations' | 'runtime';
/** scored: answered 200; rejected: the request was refused (4xx); failed: the model or the service failed (5xx). */
export type InvocationOutcome = 'scored' | 'rejected' | 'failed';

// Scoring a batch takes well under a millisecond per row; the buckets start small enough to see it.
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

@Injectable()
export class InvocationMetrics {
  readonly invocations: Counter<'route' | 'outcome'>;
  readonly rowsScored: Counter<'route'>;
  readonly invocationSeconds: Histogram<'route' | 'outcome'>;
  readonly modelRunSeconds: Histogram;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.invocations = new Counter({
      name: 'model_endpoint_invocations_total',
      help: 'Invocations by route and outcome.',
      labelNames: ['route', 'outcome'],
      registers,
    });
    this.rowsScored = new Counter({
      name: 'model_endpoint_rows_scored_total',
      help: 'Rows scored, one score each.',
      labelNames: ['route'],
      registers,
    });
    this.invocationSeconds = new Histogram({
      name: 'model_endpoint_invocation_seconds',
      help: 'Time from the parsed request to the encoded answer: decoding, the model run and encoding.',
      labelNames: ['route', 'outcome'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.modelRunSeconds = new Histogram({
      name: 'model_endpoint_model_run_seconds',
      help: 'Time of the model run for one request (all its rows in one batch).',
      buckets: SECONDS_BUCKETS,
      registers,
    });
  }
}
