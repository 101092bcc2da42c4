import { fileURLToPath } from 'node:url';

/**
 * model/artifacts/model-manifest.json of the repository, resolved from this
 * file (packages/model-manifest/src/ or dist/), never from the working
 * directory: found from a clone and in a container image that keeps the
 * repository's layout and copies model/artifacts. The default of every
 * service's MODEL_MANIFEST_PATH.
 */
export const COMMITTED_MODEL_MANIFEST_PATH = fileURLToPath(
  new URL('../../../model/artifacts/model-manifest.json', import.meta.url),
);
