import type { OnnxModelManifest } from '@fraud/model-manifest';
import type { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { signatureProblems, type ModelSignature } from './signature-problems.js';

const manifest: OnnxModelManifest = {
  modelVersion: 'xgb-1',
  featureNames: ['a', 'b', 'c'],
  onnx: { sha256: 'a'.repeat(64), input: 'features', scoreOutput: 'probabilities', scoreColumn: 1 },
};

function tensor(name: string, shape: (number | string)[], type: 'float32' | 'int64' = 'float32') {
  return { name, isTensor: true, type, shape } satisfies InferenceSession.ValueMetadata;
}

/** The committed model's signature, as onnxruntime-node reports it, for three features. */
const signature: ModelSignature = {
  inputs: [tensor('features', ['', 3])],
  outputs: [tensor('label', [''], 'int64'), tensor('probabilities', ['', 2])],
};

describe("the model's signature against its manifest", () => {
  it('has no problem when the input takes exactly the listed features and the score column exists', () => {
    expect(signatureProblems(manifest, signature)).toEqual([]);
  });

  it('names both widths when the manifest lists more or fewer features than the model takes', () => {
    const wider = { ...manifest, featureNames: ['a', 'b', 'c', 'd'] };
    const narrower = { ...manifest, featureNames: ['a', 'b'] };
    expect([signatureProblems(wider, signature), signatureProblems(narrower, signature)]).toEqual([
      ["lists 4 features, but the model's input 'features' takes 3 (shape [?, 3])"],
      ["lists 2 features, but the model's input 'features' takes 3 (shape [?, 3])"],
    ]);
  });

  it('names an input or output the model does not have, with the ones it has', () => {
    const renamed = { ...manifest, onnx: { ...manifest.onnx, input: 'x', scoreOutput: 'scores' } };
    expect(signatureProblems(renamed, signature)).toEqual([
      "names input 'x'; the model's inputs are features [?, 3]",
      "names output 'scores'; the model's outputs are label [?], probabilities [?, 2]",
    ]);
  });

  it('refuses an input of unknown width, a score column past the output and an output that is not float32', () => {
    expect(
      signatureProblems(manifest, {
        inputs: [tensor('features', ['batch', 'width'])],
        outputs: [tensor('probabilities', ['batch', 1])],
      }),
    ).toEqual([
      "lists 3 features, but the model's input 'features' takes width (shape [batch, width])",
      "names score column 1 of output 'probabilities', which has shape [batch, 1]",
    ]);
    expect(
      signatureProblems(
        { ...manifest, onnx: { ...manifest.onnx, scoreOutput: 'label' } },
        { ...signature, inputs: [tensor('features', ['', 3, 1])] },
      ),
    ).toEqual([
      "names input 'features', which is not a float32 [rows, features] tensor in the model",
      "names output 'label', which is not a float32 tensor in the model",
    ]);
  });
});
