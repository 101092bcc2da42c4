import type { OnnxModelManifest } from '@fraud/model-manifest';
import { Tensor, type InferenceSession } from 'onnxruntime-node';

import type { FeatureMatrix } from '../payload/feature-matrix.js';
import type { Scorer } from './scorer.js';

/** The ONNX model in onnxruntime, called as its manifest describes (checked by loadOnnxScorer). */
export class OnnxScorer implements Scorer {
  readonly modelVersion: string;
  readonly featureNames: readonly string[];

  constructor(
    private readonly session: InferenceSession,
    private readonly manifest: OnnxModelManifest,
  ) {
    this.modelVersion = manifest.modelVersion;
    this.featureNames = manifest.featureNames;
  }

  async score(matrix: FeatureMatrix): Promise<Float32Array> {
    const { input, scoreOutput, scoreColumn } = this.manifest.onnx;
    const features = new Tensor('float32', matrix.values, [matrix.rows, matrix.width]);
    const outputs = await this.session.run({ [input]: features }, [scoreOutput]);
    const output = outputs[scoreOutput];
    if (output?.type !== 'float32') throw new Error(`model output ${scoreOutput} is not a float32 tensor`);
    const data = output.data as Float32Array;
    const columns = output.dims.length === 1 ? 1 : (output.dims[1] ?? 1);
    const scores = new Float32Array(matrix.rows);
    for (let row = 0; row < matrix.rows; row++) scores[row] = data[row * columns + scoreColumn] ?? Number.NaN;
    return scores;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
