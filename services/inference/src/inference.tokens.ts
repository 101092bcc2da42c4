/** Injection token of the model manifest read at start. */
export const MODEL_MANIFEST = Symbol('MODEL_MANIFEST');

/** Injection token of the endpoint that scores rows (SageMaker's InvokeEndpoint). */
export const SCORING_ENDPOINT = Symbol('SCORING_ENDPOINT');
