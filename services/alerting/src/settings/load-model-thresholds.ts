import { SettingsError } from '@fraud/config';
import { ModelManifestError, readModelManifest, type ModelThresholds } from '@fraud/model-manifest';

/**
 * The thresholds of the model manifest at `path`, with the model version
 * they fit. Any problem is a SettingsError naming MODEL_MANIFEST_PATH, so the
 * service stops at start (exit 78) as for any other bad setting.
 */
export async function loadModelThresholds(service: string, path: string): Promise<ModelThresholds> {
  try {
    const { modelVersion, thresholds } = await readModelManifest(path);
    return { modelVersion, review: thresholds.review, block: thresholds.block };
  } catch (error) {
    if (!(error instanceof ModelManifestError)) throw error;
    throw new SettingsError(service, [{ variable: 'MODEL_MANIFEST_PATH', problem: error.message }]);
  }
}
