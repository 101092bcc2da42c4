import { z } from 'zod';

/**
 * The parts of model/artifacts/model-manifest.json (written by the training
 * pipeline) that serving needs: the feature order, and how to call the ONNX
 * graph. Nothing here is restated in code, so a retrained model with other
 * features needs no code change.
 */
const modelManifestSchema = z.object({
  modelVersion: z.string().min(1),
  featureNames: z
    .array(z.string().min(1))
    .min(1)
    .refine((names) => new Set(names).size === names.length, 'must not repeat a feature'),
  artifacts: z.object({
    'model.onnx': z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
      input: z.string().min(1),
      scoreOutput: z.string().min(1),
      scoreColumn: z.number().int().nonnegative(),
    }),
  }),
});

export interface ModelManifest {
  modelVersion: string;
  /** Column order of every row the model scores. */
  featureNames: readonly string[];
  onnx: {
    sha256: string;
    /** Name of the graph input, float32 [rows, featureNames.length]. */
    input: string;
    /** Name of the output holding the scores, float32 [rows, classes]. */
    scoreOutput: string;
    /** The column of scoreOutput that is the fraud score. */
    scoreColumn: number;
  };
}

/** Parses the manifest's text; throws an Error naming every problem. */
export function parseModelManifest(text: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const result = modelManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    throw new Error(`is not a model manifest: ${problems.join('; ')}`);
  }
  const { modelVersion, featureNames, artifacts } = result.data;
  return { modelVersion, featureNames, onnx: artifacts['model.onnx'] };
}
