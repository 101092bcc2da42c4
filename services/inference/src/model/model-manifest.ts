import { z } from 'zod';

const threshold = z.number().min(0).max(1);

/**
 * What scoring needs of model/artifacts/model-manifest.json (written by the
 * training pipeline): the model's version, its feature order and its
 * operating thresholds. None of them is restated in code, so a retrained
 * model with other features or thresholds needs no code change.
 */
const modelManifestSchema = z.object({
  modelVersion: z.string().min(1).max(128),
  featureNames: z
    .array(z.string().min(1))
    .min(1)
    .refine((names) => new Set(names).size === names.length, 'must not repeat a feature'),
  thresholds: z
    .object({ review: threshold, block: threshold })
    .refine(({ review, block }) => review <= block, 'review must not be above block'),
});

/** A score at or above `review` is reviewed, at or above `block` blocked. */
export interface Thresholds {
  readonly review: number;
  readonly block: number;
}

export interface ModelManifest {
  readonly modelVersion: string;
  /** The columns of every row the model scores, in order. */
  readonly featureNames: readonly string[];
  readonly thresholds: Thresholds;
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
  const { modelVersion, featureNames, thresholds } = result.data;
  return { modelVersion, featureNames, thresholds: { review: thresholds.review, block: thresholds.block } };
}
