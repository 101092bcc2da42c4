import { readFile } from 'node:fs/promises';

import { SettingsError } from '@fraud/config';
import { z } from 'zod';

import type { ModelThresholds } from '../policy/model-thresholds.js';

const manifestSchema = z.object({
  modelVersion: z.string().min(1),
  thresholds: z
    .object({ review: z.number().gt(0).lte(1), block: z.number().gt(0).lte(1) })
    .refine((t) => t.review <= t.block, 'review must not be above block'),
});

/**
 * The thresholds of the model manifest at `path`. Any problem is a
 * SettingsError naming MODEL_MANIFEST_PATH, so the service stops at start
 * (exit 78) as for any other bad setting.
 */
export async function loadModelThresholds(service: string, path: string): Promise<ModelThresholds> {
  const fail = (problem: string): never => {
    throw new SettingsError(service, [{ variable: 'MODEL_MANIFEST_PATH', problem: `${path} ${problem}` }]);
  };
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    fail(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('is not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    return fail(`is not a model manifest with thresholds: ${problems.join('; ')}`);
  }
  const { modelVersion, thresholds } = parsed.data;
  return { modelVersion, review: thresholds.review, block: thresholds.block };
}
