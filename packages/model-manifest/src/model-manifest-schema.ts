import { z } from 'zod';

import type { ModelManifest, OnnxModelManifest } from './model-manifest.js';

// model/artifacts/model-manifest.json as the training pipeline writes it. Each
// use reads only the parts it needs (fields it does not know are ignored), and
// every part is checked the same way whichever use reads it.

const modelVersion = z.string().min(1).max(128);

const featureNames = z
  .array(z.string().min(1))
  .min(1)
  .refine((names) => new Set(names).size === names.length, 'must not repeat a feature');

const threshold = z.number().min(0).max(1);

const thresholds = z
  .object({ review: threshold, block: threshold })
  .refine(({ review, block }) => review <= block, 'review must not be above block');

const onnxArtifact = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
  input: z.string().min(1),
  scoreOutput: z.string().min(1),
  scoreColumn: z.number().int().nonnegative(),
});

/** What scoring and alerting read: version, feature order, thresholds. */
export const modelManifestSchema: z.ZodType<ModelManifest> = z.object({ modelVersion, featureNames, thresholds });

/** What the model endpoint reads: version, feature order, the ONNX graph's signature. */
export const onnxModelManifestSchema: z.ZodType<OnnxModelManifest> = z
  .object({ modelVersion, featureNames, artifacts: z.object({ 'model.onnx': onnxArtifact }) })
  .transform(({ artifacts, ...manifest }) => ({ ...manifest, onnx: artifacts['model.onnx'] }));
