import type { IngestProblem } from './ingest-problems.js';

/** The request is invalid: answered 400 with every problem. */
export class IngestRejectedError extends Error {
  constructor(readonly problems: readonly IngestProblem[]) {
    super(`invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'IngestRejectedError';
  }
}

/** The transport did not accept the records in time: answered 503, the client retries with the same ids. */
export class IngestUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestUnavailableError';
  }
}
