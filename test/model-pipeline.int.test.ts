import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { repoRoot } from '@fraud/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the model training pipeline', () => {
  it('reproduces the committed manifest from scratch for the same seed', async () => {
    const manifest = JSON.parse(await readFile(`${repoRoot()}/model/artifacts/model-manifest.json`, 'utf8')) as {
      modelVersion: string;
    };
    const { stdout, stderr } = await run('bash', ['model/train.sh', '--check'], {
      cwd: repoRoot(),
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout + stderr).toContain(
      `check: the rerun reproduces model/artifacts/model-manifest.json (${manifest.modelVersion})`,
    );
  }, 600_000);
});
