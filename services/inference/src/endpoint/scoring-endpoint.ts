/** Where rows are scored: SageMaker's InvokeEndpoint in production, the model endpoint locally. */
export interface ScoringEndpoint {
  /**
   * One score in [0, 1] per row, in order; each row's features in the
   * manifest's order. Rejects when the call fails or its answer is not that;
   * `signal` aborts the call.
   */
  score(rows: readonly (readonly number[])[], signal: AbortSignal): Promise<number[]>;
}
