import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

export type IngestOutcome = 'accepted' | 'invalid' | 'unauthorized' | 'unavailable';

@Injectable()
export class IngestMetrics {
  readonly requests: Counter<'outcome'>;
  readonly transactionsAccepted: Counter;
  readonly publishSeconds: Histogram;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'producer_ingest_requests_total',
      help: 'Ingest API requests by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.transactionsAccepted = new Counter({
      name: 'producer_ingest_transactions_accepted_total',
      help: 'Transactions the ingest API answered 202 for, after the transport accepted them.',
      registers,
    });
    this.publishSeconds = new Histogram({
      name: 'producer_ingest_publish_seconds',
      help: 'Time for the transport to accept one request’s transactions.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  count(outcome: IngestOutcome): void {
    this.requests.inc({ outcome });
  }
}
