export { COMMITTED_MODEL_MANIFEST_PATH } from './committed-manifest-path.js';
export { decide } from './decide.js';
export { ModelManifestError } from './model-manifest-error.js';
export type { ModelManifest, OnnxArtifact, OnnxModelManifest } from './model-manifest.js';
export { parseModelManifest, parseOnnxModelManifest } from './parse-model-manifest.js';
export { readModelManifest, readOnnxModelManifest } from './read-model-manifest.js';
export type { ModelThresholds, Thresholds } from './thresholds.js';
