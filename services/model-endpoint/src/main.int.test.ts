import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fatalLine, runServiceToExit, startServiceProcess } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  COMMITTED_MANIFEST_PATH,
  COMMITTED_MODEL_PATH,
  MODEL_ENDPOINT_ENTRY,
  modelEndpointEnv,
} from './test-support/model-endpoint-env.js';

vi.setConfig({ testTimeout: 60_000 });

describe('the model endpoint at start', () => {
  let dir: string;
  let manifest: Record<string, unknown> & {
    featureNames: string[];
    artifacts: Record<string, Record<string, unknown>>;
  };

  async function manifestFile(name: string, content: unknown): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(content));
    return path;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-endpoint-main-'));
    manifest = JSON.parse(await readFile(COMMITTED_MANIFEST_PATH, 'utf8')) as typeof manifest;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("stops (exit 78) when the manifest's feature count does not match the model's input, naming both", async () => {
    const path = await manifestFile('one-feature-more.json', {
      ...manifest,
      featureNames: [...manifest.featureNames, 'card_txn_count_24h'],
    });
    const run = await runServiceToExit({
      entry: MODEL_ENDPOINT_ENTRY,
      env: modelEndpointEnv({ MODEL_MANIFEST_PATH: path }),
    });
    expect(run.code).toBe(78);
    const problem = `${path} lists 21 features, but the model's input 'features' takes 20 (shape [?, 20])`;
    expect(fatalLine(run.stdout)).toMatchObject({
      msg: `model-endpoint: cannot start, 1 invalid setting: MODEL_MANIFEST_PATH ${problem}`,
      problems: [{ variable: 'MODEL_MANIFEST_PATH', problem }],
    });
  });

  it('stops (exit 78) when the manifest was written for another model', async () => {
    const otherSha = 'f'.repeat(64);
    const path = await manifestFile('other-model.json', {
      ...manifest,
      artifacts: { ...manifest.artifacts, 'model.onnx': { ...manifest.artifacts['model.onnx'], sha256: otherSha } },
    });
    const run = await runServiceToExit({
      entry: MODEL_ENDPOINT_ENTRY,
      env: modelEndpointEnv({ MODEL_MANIFEST_PATH: path }),
    });
    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout).problems).toEqual([
      {
        variable: 'MODEL_PATH',
        problem:
          `${COMMITTED_MODEL_PATH} is not the model ${path} describes ` +
          `(SHA-256 ${String(manifest.artifacts['model.onnx']?.sha256)}, the manifest's ${otherSha})`,
      },
    ]);
  });

  it("serves when started with SageMaker's `serve` argument, and stops cleanly on SIGTERM", async () => {
    const endpoint = await startServiceProcess({
      entry: MODEL_ENDPOINT_ENTRY,
      args: ['serve'],
      env: modelEndpointEnv(),
    });
    const ping = await fetch(`${endpoint.baseUrl}/ping`);
    expect(ping.status).toBe(200);
    expect(await endpoint.stop()).toEqual({ code: 0, signal: null });
  });

  it('refuses any other command (exit 64)', async () => {
    const run = await runServiceToExit({ entry: MODEL_ENDPOINT_ENTRY, args: ['train'], env: modelEndpointEnv() });
    expect(run.code).toBe(64);
    expect(fatalLine(run.stdout).msg).toBe("unknown command 'train'; expected none or 'serve'");
  });

  it('stops (exit 78) naming every invalid setting', async () => {
    const run = await runServiceToExit({
      entry: MODEL_ENDPOINT_ENTRY,
      env: modelEndpointEnv({ SAGEMAKER_ENDPOINT_NAME: 'not_a_name', INVOCATION_MAX_ROWS: '0' }),
    });
    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout).problems).toEqual([
      {
        variable: 'SAGEMAKER_ENDPOINT_NAME',
        problem: 'is invalid (must be a SageMaker endpoint name (letters, digits, hyphens))',
      },
      { variable: 'INVOCATION_MAX_ROWS', problem: 'is invalid (must be a positive integer)' },
    ]);
  });

  it('stops (exit 78) naming the model and the manifest when neither can be read', async () => {
    const missing = join(dir, 'missing');
    const files = await runServiceToExit({
      entry: MODEL_ENDPOINT_ENTRY,
      env: modelEndpointEnv({ MODEL_PATH: `${missing}.onnx`, MODEL_MANIFEST_PATH: `${missing}.json` }),
    });
    expect(files.code).toBe(78);
    expect(fatalLine(files.stdout).problems).toEqual([
      {
        variable: 'MODEL_MANIFEST_PATH',
        problem: `${missing}.json cannot be read (ENOENT: no such file or directory, open '${missing}.json')`,
      },
      {
        variable: 'MODEL_PATH',
        problem: `${missing}.onnx cannot be read (ENOENT: no such file or directory, open '${missing}.onnx')`,
      },
    ]);
  });
});
