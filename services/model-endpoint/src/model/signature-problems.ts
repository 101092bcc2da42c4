import type { OnnxModelManifest } from '@fraud/model-manifest';
import type { InferenceSession } from 'onnxruntime-node';

/** The graph's inputs and outputs, as onnxruntime reports them. */
export interface ModelSignature {
  inputs: readonly InferenceSession.ValueMetadata[];
  outputs: readonly InferenceSession.ValueMetadata[];
}

/** `[?, 11]`: a dimension without a fixed size (the rows) is '?', or its symbolic name. */
function shapeOf(shape: readonly (number | string)[]): string {
  return `[${shape.map((dimension) => (dimension === '' ? '?' : String(dimension))).join(', ')}]`;
}

function describe(values: readonly InferenceSession.ValueMetadata[]): string {
  return values.map((value) => (value.isTensor ? `${value.name} ${shapeOf(value.shape)}` : value.name)).join(', ');
}

/**
 * Why the model cannot be called as the manifest says, or nothing. A manifest
 * whose feature list is longer or shorter than the model's input would shift
 * every column, so the width must match exactly.
 */
export function signatureProblems(manifest: OnnxModelManifest, signature: ModelSignature): string[] {
  const problems: string[] = [];
  const { input: inputName, scoreOutput, scoreColumn } = manifest.onnx;
  const width = manifest.featureNames.length;

  const input = signature.inputs.find((value) => value.name === inputName);
  if (input === undefined) {
    problems.push(`names input '${inputName}'; the model's inputs are ${describe(signature.inputs)}`);
  } else if (!input.isTensor || input.type !== 'float32' || input.shape.length !== 2) {
    problems.push(`names input '${inputName}', which is not a float32 [rows, features] tensor in the model`);
  } else if (input.shape[1] !== width) {
    problems.push(
      `lists ${width} features, but the model's input '${inputName}' takes ${String(input.shape[1])} ` +
        `(shape ${shapeOf(input.shape)})`,
    );
  }

  const output = signature.outputs.find((value) => value.name === scoreOutput);
  if (output === undefined) {
    problems.push(`names output '${scoreOutput}'; the model's outputs are ${describe(signature.outputs)}`);
  } else if (!output.isTensor || output.type !== 'float32') {
    problems.push(`names output '${scoreOutput}', which is not a float32 tensor in the model`);
  } else {
    const columns = output.shape.length === 1 ? 1 : output.shape[1];
    if (typeof columns !== 'number' || scoreColumn >= columns) {
      problems.push(
        `names score column ${scoreColumn} of output '${scoreOutput}', which has shape ${shapeOf(output.shape)}`,
      );
    }
  }
  return problems;
}
