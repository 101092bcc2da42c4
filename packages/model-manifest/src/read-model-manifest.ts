import { readFile } from 'node:fs/promises';

import { ModelManifestError } from './model-manifest-error.js';
import type { ModelManifest, OnnxModelManifest } from './model-manifest.js';
import { parseModelManifest, parseOnnxModelManifest } from './parse-model-manifest.js';

/**
 * Reads and parses the manifest at `path`. Every ModelManifestError message
 * starts with the path, so a service can report it as is, as the problem of
 * its MODEL_MANIFEST_PATH setting.
 */
async function readWith<T>(path: string, parse: (text: string) => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelManifestError(`${path} cannot be read (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof ModelManifestError)) throw error;
    throw new ModelManifestError(`${path} ${error.message}`, { cause: error });
  }
}

/** The manifest at `path` as scoring and alerting read it (see parseModelManifest). */
export function readModelManifest(path: string): Promise<ModelManifest> {
  return readWith(path, parseModelManifest);
}

/** The manifest at `path` as the model endpoint reads it (see parseOnnxModelManifest). */
export function readOnnxModelManifest(path: string): Promise<OnnxModelManifest> {
  return readWith(path, parseOnnxModelManifest);
}
