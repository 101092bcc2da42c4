import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { SettingsError, type SettingProblem } from '@fraud/config';
import { ModelManifestError, readOnnxModelManifest, type OnnxModelManifest } from '@fraud/model-manifest';
import { InferenceSession } from 'onnxruntime-node';

import { OnnxScorer } from './onnx-scorer.js';
import { signatureProblems } from './signature-problems.js';

export interface ModelFiles {
  modelPath: string;
  manifestPath: string;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads the ONNX model and its manifest and checks they belong together: the
 * model's bytes are the ones the manifest was written for, and its input
 * takes exactly the manifest's features. Any problem is a SettingsError
 * naming MODEL_PATH or MODEL_MANIFEST_PATH, so the service stops at start
 * (exit 78) as it does for any other bad setting, instead of scoring rows
 * in a column order the model was not trained on.
 */
export async function loadOnnxScorer(service: string, files: ModelFiles): Promise<OnnxScorer> {
  const problems: SettingProblem[] = [];
  const manifestProblem = (problem: string) => problems.push({ variable: 'MODEL_MANIFEST_PATH', problem });
  const modelProblem = (problem: string) => problems.push({ variable: 'MODEL_PATH', problem });

  let manifest: OnnxModelManifest | undefined;
  try {
    manifest = await readOnnxModelManifest(files.manifestPath);
  } catch (error) {
    if (!(error instanceof ModelManifestError)) throw error;
    manifestProblem(error.message);
  }

  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(files.modelPath);
  } catch (error) {
    modelProblem(`${files.modelPath} cannot be read (${reason(error)})`);
  }
  let session: InferenceSession | undefined;
  if (bytes !== undefined) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (manifest !== undefined && sha256 !== manifest.onnx.sha256) {
      modelProblem(
        `${files.modelPath} is not the model ${files.manifestPath} describes ` +
          `(SHA-256 ${sha256}, the manifest's ${manifest.onnx.sha256})`,
      );
    }
    try {
      // One thread: a row's score is then the same in any batch. Several sum a
      // small batch's trees in parallel, in an order that moves the last bits.
      session = await InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    } catch (error) {
      modelProblem(`${files.modelPath} is not an ONNX model onnxruntime can load (${reason(error)})`);
    }
  }

  if (manifest !== undefined && session !== undefined) {
    const signature = { inputs: session.inputMetadata, outputs: session.outputMetadata };
    for (const problem of signatureProblems(manifest, signature)) manifestProblem(`${files.manifestPath} ${problem}`);
  }
  if (problems.length > 0 || manifest === undefined || session === undefined) {
    await session?.release();
    throw new SettingsError(service, problems);
  }
  return new OnnxScorer(session, manifest);
}
