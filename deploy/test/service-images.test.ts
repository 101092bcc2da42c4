import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { App, IgnoreStrategy, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../src/app/repo-paths.js';
import { ServiceImages, type ServiceImageName } from '../src/services/service-images.js';
import { DEFAULT_SIMULATION } from '../src/services/simulator-task.js';

// What the Dockerfile builds is checked against the workspace in test/dockerfiles.test.ts; here, what the
// deployment asks of it and assumes of the images.

/** Each image the deployment builds, with the Dockerfile target its kind needs. */
const TARGETS: Record<ServiceImageName, string> = {
  producer: 'service',
  'feature-engine': 'consumer',
  inference: 'consumer',
  alerting: 'consumer',
  'model-endpoint': 'sagemaker',
};

const DOCKERFILE = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');

/** The root .dockerignore, read as the image assets read it when they fingerprint the build context. */
const dockerignore = IgnoreStrategy.docker(
  REPO_ROOT,
  readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#')),
);

/** A Docker image source of the cloud assembly's asset manifest: what `cdk deploy` builds. */
interface DockerImageSource {
  directory: string;
  dockerFile?: string;
  dockerBuildArgs?: Record<string, string>;
  dockerBuildTarget?: string;
  platform?: string;
}

/** The lines of a Dockerfile stage and of the stages it is built FROM, in order: what the image runs. */
function imageLines(target: string): string[] {
  const stages = DOCKERFILE.split(/\n(?=FROM )/);
  const stage = stages.find((text) => new RegExp(`^FROM \\S+ AS ${target}\\n`).test(text));
  if (stage === undefined) throw new Error(`no stage ${target} in the Dockerfile`);
  const base = /^FROM (\S+)/.exec(stage)?.[1] ?? '';
  const inherited = stages.some((text) => text.startsWith(`FROM `) && text.includes(` AS ${base}\n`));
  return [...(inherited ? imageLines(base) : []), ...stage.split('\n')];
}

let outdir: string;
let sources: DockerImageSource[];
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'fraud-images-'));
  // The contexts are fingerprinted, not copied (as in support/synthesize.ts).
  const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
  const images = new ServiceImages(new Stack(app, 'Images'), 'Images');
  for (const name of Object.keys(TARGETS) as ServiceImageName[]) images.image(name);
  const assembly = app.synth();
  const manifest = JSON.parse(readFileSync(join(assembly.directory, 'Images.assets.json'), 'utf8')) as {
    dockerImages: Record<string, { source: DockerImageSource }>;
  };
  sources = Object.values(manifest.dockerImages).map(({ source }) => source);
}, 60_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('the images the deployment builds', () => {
  it('builds each from the one Dockerfile at the repository root, its name as SERVICE, the target its kind needs', () => {
    expect(existsSync(join(REPO_ROOT, 'Dockerfile'))).toBe(true);
    expect(sources.map(({ directory, ...build }) => ({ directory: resolve(outdir, directory), ...build }))).toEqual(
      Object.entries(TARGETS).map(([name, target]) => ({
        directory: resolve(REPO_ROOT),
        dockerFile: 'Dockerfile',
        dockerBuildArgs: { SERVICE: name },
        dockerBuildTarget: target,
        platform: 'linux/amd64',
      })),
    );
    for (const target of new Set(Object.values(TARGETS))) expect(imageLines(target)).not.toEqual([]);
  });

  it("passes the simulator task's command to the producer's entry point as arguments", () => {
    const image = imageLines(TARGETS.producer);
    expect(image.filter((line) => line.startsWith('ENTRYPOINT '))).toEqual(['ENTRYPOINT ["node", "dist/main.js"]']);
    // The service's directory, where dist/main.js is.
    expect(image.filter((line) => line.startsWith('WORKDIR ')).at(-1)).toBe('WORKDIR /app/services/${SERVICE}');
    // With no CMD, ECS's `command` is the whole argument list: `main.js simulate --rate …`.
    expect(image.filter((line) => line.startsWith('CMD '))).toEqual([]);
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
    expect(dockerignore.ignores(join(REPO_ROOT, 'Dockerfile'))).toBe(false);
  });
});
