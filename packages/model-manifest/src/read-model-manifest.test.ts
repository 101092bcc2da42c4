import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { COMMITTED_MODEL_MANIFEST_PATH } from './committed-manifest-path.js';
import { ModelManifestError } from './model-manifest-error.js';
import { readModelManifest, readOnnxModelManifest } from './read-model-manifest.js';

describe('reading the manifest from a path', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-manifest-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function problemOf(read: (path: string) => Promise<unknown>, path: string): Promise<string> {
    const error: unknown = await read(path).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof ModelManifestError)) throw new Error(`expected a ModelManifestError, got ${String(error)}`);
    return error.message;
  }

  it('reads the committed manifest for scoring and for serving', async () => {
    const scoring = await readModelManifest(COMMITTED_MODEL_MANIFEST_PATH);
    const serving = await readOnnxModelManifest(COMMITTED_MODEL_MANIFEST_PATH);

    expect([scoring.modelVersion, scoring.thresholds, serving.modelVersion, serving.onnx.scoreOutput]).toEqual([
      'xgb-cc777d112c3d',
      { review: 0.089559, block: 0.563542 },
      'xgb-cc777d112c3d',
      'probabilities',
    ]);
  });

  it('starts every problem with the path: a file that is missing, not JSON, or not a usable manifest', async () => {
    const missing = join(dir, 'missing.json');
    const text = join(dir, 'text.json');
    await writeFile(text, 'not json');
    const inverted = join(dir, 'inverted.json');
    await writeFile(
      inverted,
      JSON.stringify({ modelVersion: 'm', featureNames: ['a'], thresholds: { review: 0.5, block: 0.2 } }),
    );

    expect(await problemOf(readModelManifest, missing)).toBe(
      `${missing} cannot be read (ENOENT: no such file or directory, open '${missing}')`,
    );
    expect(await problemOf(readModelManifest, text)).toBe(
      `${text} is not JSON (Unexpected token 'o', "not json" is not valid JSON)`,
    );
    expect(await problemOf(readModelManifest, inverted)).toBe(
      `${inverted} is not a model manifest: thresholds review must not be above block`,
    );
    expect(await problemOf(readOnnxModelManifest, inverted)).toBe(
      `${inverted} is not a model manifest: artifacts Invalid input: expected object, received undefined`,
    );
  });
});
