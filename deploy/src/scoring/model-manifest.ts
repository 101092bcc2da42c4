import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MODEL_ARTIFACTS_DIR } from '../app/repo-paths.js';

/** What the deployment reads from model/artifacts/model-manifest.json. */
export interface DeployedModel {
  modelVersion: string;
  /** The SageMaker built-in XGBoost image tag the model was trained for, e.g. 3.0-5. */
  xgboostImageVersion: string;
  /** The archive the built-in image loads: one file, xgboost-model. */
  archivePath: string;
}

interface ManifestShape {
  modelVersion?: unknown;
  artifacts?: { 'model.tar.gz'?: { sagemakerXgboostImage?: unknown } };
}

export function readDeployedModel(dir: string = MODEL_ARTIFACTS_DIR): DeployedModel {
  const manifest = JSON.parse(readFileSync(join(dir, 'model-manifest.json'), 'utf8')) as ManifestShape;
  const modelVersion = manifest.modelVersion;
  const xgboostImageVersion = manifest.artifacts?.['model.tar.gz']?.sagemakerXgboostImage;
  if (typeof modelVersion !== 'string' || typeof xgboostImageVersion !== 'string') {
    throw new Error(`${dir}/model-manifest.json lacks modelVersion or artifacts."model.tar.gz".sagemakerXgboostImage`);
  }
  return { modelVersion, xgboostImageVersion, archivePath: join(dir, 'model.tar.gz') };
}
