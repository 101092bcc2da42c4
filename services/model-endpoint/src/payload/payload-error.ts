/** Bad request (400), Not Acceptable (406), Content Too Large (413), Unsupported Media Type (415). */
export type PayloadErrorStatus = 400 | 406 | 413 | 415;

/** A request the endpoint refuses, with the reason the client gets back. */
export class PayloadError extends Error {
  constructor(
    readonly status: PayloadErrorStatus,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}
