import type { z } from 'zod';

import { ModelManifestError } from './model-manifest-error.js';
import type { ModelManifest, OnnxModelManifest } from './model-manifest.js';
import { modelManifestSchema, onnxModelManifestSchema } from './model-manifest-schema.js';

function parseWith<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelManifestError(`is not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    throw new ModelManifestError(`is not a model manifest: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The manifest's text as scoring and alerting read it; throws a ModelManifestError naming every problem. */
export function parseModelManifest(text: string): ModelManifest {
  return parseWith(modelManifestSchema, text);
}

/** The manifest's text as the model endpoint reads it; throws a ModelManifestError naming every problem. */
export function parseOnnxModelManifest(text: string): OnnxModelManifest {
  return parseWith(onnxModelManifestSchema, text);
}
