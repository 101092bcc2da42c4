/**
 * The endpoint answered, but not one score in [0, 1] per row sent. Retried
 * like a 5xx (a container restarting, a proxy's error page), then the rows
 * fall back to the rules: a score the model did not give is never published.
 */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}
