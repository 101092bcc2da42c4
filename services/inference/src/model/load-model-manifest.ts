import { SettingsError } from '@fraud/config';
import { ModelManifestError, readModelManifest, type ModelManifest } from '@fraud/model-manifest';

/**
 * Reads the manifest at start. A manifest that cannot be read or parsed is a
 * SettingsError naming MODEL_MANIFEST_PATH, so the service stops (exit 78)
 * as for any bad setting, rather than sending rows in a guessed order.
 */
export async function loadModelManifest(service: string, path: string): Promise<ModelManifest> {
  try {
    return await readModelManifest(path);
  } catch (error) {
    if (!(error instanceof ModelManifestError)) throw error;
    throw new SettingsError(service, [{ variable: 'MODEL_MANIFEST_PATH', problem: error.message }]);
  }
}
