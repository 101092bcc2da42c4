import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { COMMITTED_MODEL_MANIFEST_PATH } from './committed-manifest-path.js';

describe('COMMITTED_MODEL_MANIFEST_PATH', () => {
  it('is model/artifacts/model-manifest.json at the repository root, whatever the working directory', async () => {
    expect(COMMITTED_MODEL_MANIFEST_PATH).toBe(
      fileURLToPath(new URL('../../../model/artifacts/model-manifest.json', import.meta.url)),
    );
    expect(COMMITTED_MODEL_MANIFEST_PATH.endsWith('/model/artifacts/model-manifest.json')).toBe(true);
    await expect(access(COMMITTED_MODEL_MANIFEST_PATH)).resolves.toBeUndefined();
  });
});
