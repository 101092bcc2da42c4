import { readFile } from 'node:fs/promises';

import { SettingsError } from '@fraud/config';

import { parseModelManifest, type ModelManifest } from './model-manifest.js';

/**
 * Reads the manifest at start. A manifest that cannot be read or parsed is a
 * SettingsError naming MODEL_MANIFEST_PATH, so the service stops (exit 78)
 * as for any bad setting, rather than sending rows in a guessed order.
 */
export async function loadModelManifest(service: string, path: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SettingsError(service, [
      { variable: 'MODEL_MANIFEST_PATH', problem: `${path} cannot be read (${reason(error)})` },
    ]);
  }
  try {
    return parseModelManifest(text);
  } catch (error) {
    throw new SettingsError(service, [{ variable: 'MODEL_MANIFEST_PATH', problem: `${path} ${reason(error)}` }]);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
