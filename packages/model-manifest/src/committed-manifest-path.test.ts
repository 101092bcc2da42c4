import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { COMMITTED_MODEL_MANIFEST_PATH } from './committed-manifest-path.js';

/** The npm workspaces root: the nearest directory above this file whose package.json lists workspaces. */
function repositoryRoot(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
  }
  throw new Error(`no package.json with workspaces above ${import.meta.dirname}`);
}

describe('COMMITTED_MODEL_MANIFEST_PATH', () => {
  it('is model/artifacts/model-manifest.json at the repository root, whatever the working directory', async () => {
    const expected = join(repositoryRoot(), 'model', 'artifacts', 'model-manifest.json');
    expect(COMMITTED_MODEL_MANIFEST_PATH).toBe(expected);
    expect(JSON.parse(await readFile(expected, 'utf8'))).toHaveProperty('modelVersion', expect.any(String));

    // Evaluated afresh from another working directory, it names the same file.
    const workingDirectory = process.cwd();
    process.chdir(tmpdir());
    try {
      vi.resetModules();
      const fresh = await import('./committed-manifest-path.js');
      expect(fresh.COMMITTED_MODEL_MANIFEST_PATH).toBe(expected);
    } finally {
      process.chdir(workingDirectory);
    }
  });
});
