/** A manifest that cannot be read or used; the message names every problem. */
export class ModelManifestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelManifestError';
  }
}
