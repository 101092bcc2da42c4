import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

import { repoRoot } from '@fraud/testing';
import { describe, expect, it } from 'vitest';

import { DEFAULT_KCL_JARS_DIR } from '../packages/transport/src/kinesis/kcl/kcl-jars.js';
import {
  copiedFilePath,
  copiesOf,
  envOf,
  execForm,
  healthcheckCommand,
  instructionsOf,
  parseDockerfile,
  type DockerStage,
} from './docker/dockerfile.js';
import { loadDockerIgnore } from './docker/dockerignore.js';
import { SERVICE_SETTINGS } from './docker/service-settings.js';
import { referencedProjects, runtimeWorkspaces, sourceEmitting, workspaceDirs } from './docker/workspaces.js';

const root = repoRoot(import.meta.url);
const isIgnored = loadDockerIgnore(root);
const SERVICES = Object.keys(SERVICE_SETTINGS).sort();
/** Services whose main.ts consumes a stream: on Kinesis they run the KCL daemon. */
const CONSUMERS = SERVICES.filter((service) =>
  readFileSync(join(root, 'services', service, 'src/main.ts'), 'utf8').includes('connectStreamServer('),
);
/** The image's WORKDIR, which mirrors the repository root. */
const APP = '/app';

function stagesOf(service: string): DockerStage[] {
  return parseDockerfile(readFileSync(join(root, 'services', service, 'Dockerfile'), 'utf8'));
}

function runtimeOf(stages: DockerStage[]): DockerStage {
  const runtime = stages.at(-1);
  if (runtime === undefined) throw new Error('no stage');
  return runtime;
}

function stageNamed(stages: DockerStage[], name: string): DockerStage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`no stage ${name}`);
  return stage;
}

/** The files under `dir` (repository-relative), installed and built output left aside. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((entry) => posix.join(dir, entry.split('\\').join('/')))
    .filter((path) => !/(^|\/)(node_modules|dist)(\/|$)/.test(path) && statSync(join(root, path)).isFile());
}

/** The command the image runs: what follows `node` in its ENTRYPOINT, or else its CMD. */
function entryScript(runtime: DockerStage): string | undefined {
  const command = execForm(runtime, 'ENTRYPOINT') ?? execForm(runtime, 'CMD') ?? [];
  return command[command.indexOf('node') + 1];
}

function healthProbe(route: string): string[] {
  return [
    'node',
    '-e',
    `fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '${route}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

describe('the service images', () => {
  it('consume streams in the services that run a stream server', () => {
    expect(CONSUMERS).toEqual(['alerting', 'feature-engine', 'inference']);
  });
});

describe.each(SERVICES)('services/%s/Dockerfile', (service) => {
  const dir = `services/${service}`;
  const stages = stagesOf(service);
  const runtime = runtimeOf(stages);
  const contextCopies = stages.flatMap((stage) => copiesOf(stage).filter((copy) => copy.from === undefined));

  it('copies from the build context only paths that exist and are sent', () => {
    const problems: string[] = [];
    for (const source of contextCopies.flatMap((copy) => copy.sources)) {
      const path = posix.normalize(source).replace(/\/$/, '');
      if (!existsSync(join(root, path))) problems.push(`${source} does not exist`);
      else if (isIgnored(path)) problems.push(`${source} is left out by .dockerignore`);
      else if (statSync(join(root, path)).isDirectory()) {
        for (const file of filesUnder(path).filter((f) => /\/(src\/.*|package\.json|tsconfig\.json)$/.test(f))) {
          if (isIgnored(file)) problems.push(`${file} (in ${source}) is left out by .dockerignore`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('installs and compiles exactly the workspaces the service runs with', () => {
    const workspaces = [...new Set([...runtimeWorkspaces(root, dir), ...referencedProjects(root, dir)])].sort();
    const sources = contextCopies.flatMap((copy) => copy.sources.map((source) => source.replace(/\/$/, '')));
    const packageName = [...workspaceDirs(root)].find(([, workspace]) => workspace === dir)?.[0];
    const runs = stages.flatMap((stage) => instructionsOf(stage, 'RUN')).join('\n');

    expect(sources.filter((source) => /^(packages|services)\/[^/]+\/package\.json$/.test(source)).sort()).toEqual(
      workspaces.map((workspace) => `${workspace}/package.json`),
    );
    expect(sources.filter((source) => /^(packages|services)\/[^/]+$/.test(source)).sort()).toEqual(workspaces);
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.base.json']));
    expect(runs).toContain(`npm ci --omit=dev --workspace=${packageName ?? ''} --ignore-scripts`);
    expect(runs).toContain(`npm ci --workspace=${packageName ?? ''} --include-workspace-root --ignore-scripts`);
    expect(runs).toContain(`npx tsc -b ${dir}`);
  });

  it("runs the dist/main.js that tsc -b emits from the service's src/main.ts", () => {
    const build = stageNamed(stages, 'build');

    expect(entryScript(runtime)).toBe(`${dir}/dist/main.js`);
    expect(sourceEmitting(root, dir, 'dist/main.js')).toBe(`${dir}/src/main.ts`);
    // The build stage collects every workspace's dist/ into /out, which the runtime lays over the installed workspaces.
    expect(instructionsOf(build, 'RUN').join('\n')).toContain(
      'find packages services -mindepth 2 -maxdepth 2 -name dist -exec cp -r --parents {} /out',
    );
    expect(copiesOf(runtime).filter((copy) => copy.from === 'deps' || copy.from === 'build')).toEqual([
      { from: 'deps', sources: [APP], destination: `${APP}/` },
      { from: 'build', sources: ['/out'], destination: `${APP}/` },
    ]);
    expect(instructionsOf(runtime, 'WORKDIR')).toEqual([APP]);
  });

  it('runs on Node 24 as a non-root user, in production mode, health-checked', () => {
    expect(runtime.from).toBe('node:24-bookworm-slim');
    expect(instructionsOf(runtime, 'USER')).toEqual(['node']);
    expect(envOf(runtime)).toMatchObject({ NODE_ENV: 'production', HTTP_HOST: '0.0.0.0', HTTP_PORT: '8080' });
    expect(instructionsOf(runtime, 'EXPOSE')).toEqual(['8080']);
    expect(instructionsOf(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(healthcheckCommand(runtime)).toEqual(healthProbe(service === 'model-endpoint' ? '/ping' : '/health/live'));
  });

  it('holds each file its settings read by default, where the default points', () => {
    const shape = SERVICE_SETTINGS[service]?.schema.shape ?? {};
    const defaults = Object.entries(shape)
      .filter(([variable]) => variable.endsWith('_PATH'))
      .map(([, setting]) => setting.safeParse(undefined).data)
      .filter((path): path is string => typeof path === 'string')
      .map((path) => relative(root, path));
    const copied = copiesOf(runtime)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources.map((source) => ({ source, target: copiedFilePath(copy, source) })));

    expect(copied).toEqual(
      expect.arrayContaining(defaults.map((path) => ({ source: path, target: `${APP}/${path}` }))),
    );
  });
});

describe.each(CONSUMERS)('services/%s/Dockerfile, a stream consumer', (service) => {
  const stages = stagesOf(service);
  const runtime = runtimeOf(stages);
  const jars = relative(root, DEFAULT_KCL_JARS_DIR);

  it('carries a Java runtime, found through JAVA_HOME', () => {
    expect(copiesOf(runtime)).toContainEqual({
      from: 'eclipse-temurin:21-jre',
      sources: ['/opt/java/openjdk'],
      destination: '/opt/java/openjdk',
    });
    expect(envOf(runtime)).toMatchObject({ JAVA_HOME: '/opt/java/openjdk', PATH: '$JAVA_HOME/bin:$PATH' });
  });

  it('carries the KCL jars, resolved as setup resolves them, where @fraud/transport looks', () => {
    const setupCall = /maven-jars\.sh" (kcl-jars .*)$/m.exec(readFileSync(join(root, 'scripts/setup.sh'), 'utf8'))?.[1];

    expect(jars).toBe('packages/transport/kcl/jars');
    expect(instructionsOf(stageNamed(stages, 'kcl-jars'), 'RUN').join('\n')).toContain(
      `bash scripts/setup/maven-jars.sh ${setupCall ?? '(no kcl-jars call in scripts/setup.sh)'}`,
    );
    expect(copiesOf(runtime)).toContainEqual({
      from: 'kcl-jars',
      sources: [`${APP}/${jars}`],
      destination: `${APP}/${jars}`,
    });
  });

  it('runs under tini, which reaps the record processors the daemon leaves behind', () => {
    expect(execForm(runtime, 'ENTRYPOINT')?.slice(0, 3)).toEqual(['tini', '--', 'node']);
    expect(instructionsOf(runtime, 'RUN').join('\n')).toContain('apt-get install -y --no-install-recommends tini');
  });
});

describe('services/model-endpoint/Dockerfile, a SageMaker container', () => {
  const runtime = runtimeOf(stagesOf('model-endpoint'));

  it('passes the `serve` argument SageMaker runs the image with to the service', () => {
    expect(execForm(runtime, 'ENTRYPOINT')).toEqual(['node', 'services/model-endpoint/dist/main.js']);
    expect(execForm(runtime, 'CMD')).toBeUndefined();
    expect(readFileSync(join(root, 'services/model-endpoint/src/main.ts'), 'utf8')).toContain(
      "command !== undefined && command !== 'serve'",
    );
  });
});
