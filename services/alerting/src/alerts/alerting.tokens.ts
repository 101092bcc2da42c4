/** Injection token of the model's thresholds (ModelThresholds), read from MODEL_MANIFEST_PATH at start. */
export const MODEL_THRESHOLDS = Symbol('MODEL_THRESHOLDS');
