import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IgnoreStrategy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../src/app/repo-paths.js';
import { dockerfileOf, type ServiceImageName } from '../src/services/service-images.js';
import { DEFAULT_SIMULATION } from '../src/services/simulator-task.js';

// What the Dockerfiles build is checked against the workspace in test/dockerfiles.test.ts; here, what the
// deployment assumes of them.

const IMAGES: readonly ServiceImageName[] = ['producer', 'feature-engine', 'inference', 'alerting', 'model-endpoint'];

/** The root .dockerignore, read as the image assets read it when they fingerprint the build context. */
const dockerignore = IgnoreStrategy.docker(
  REPO_ROOT,
  readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#')),
);

/** The final stage's instructions of a Dockerfile: what runs in ECS or SageMaker. */
function finalStage(image: ServiceImageName): string[] {
  const text = readFileSync(join(REPO_ROOT, dockerfileOf(image)), 'utf8');
  return text.slice(text.lastIndexOf('\nFROM ')).split('\n');
}

describe('the images the deployment builds', () => {
  it.each(IMAGES)('%s has its Dockerfile where the asset looks, built from the repository root', (image) => {
    expect(existsSync(join(REPO_ROOT, dockerfileOf(image)))).toBe(true);
  });

  it("passes the simulator task's command to the producer's entry point as arguments", () => {
    const stage = finalStage('producer');
    expect(stage.filter((line) => line.startsWith('ENTRYPOINT '))).toEqual([
      'ENTRYPOINT ["node", "services/producer/dist/main.js"]',
    ]);
    // With no CMD, ECS's `command` is the whole argument list: `main.js simulate --rate …`.
    expect(stage.filter((line) => line.startsWith('CMD '))).toEqual([]);
    expect(DEFAULT_SIMULATION[0]).toBe('simulate');
  });

  it("keeps dependencies, build output, virtualenvs and the CDK's own output out of the build context", () => {
    for (const path of [
      'node_modules/aws-cdk-lib/package.json',
      'services/producer/dist/main.js',
      'deploy/dist/cdk.out/manifest.json',
      '.git/HEAD',
      'model/.venv/bin/python',
      'packages/transport/kcl/jars/amazon-kinesis-client-multilang-2.5.4.jar',
    ]) {
      expect(dockerignore.ignores(join(REPO_ROOT, path)), path).toBe(true);
    }
    expect(dockerignore.ignores(join(REPO_ROOT, 'model/artifacts/model.onnx'))).toBe(false);
    expect(dockerignore.ignores(join(REPO_ROOT, 'services/producer/src/main.ts'))).toBe(false);
  });
});
