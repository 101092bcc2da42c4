import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';

import { repoRoot } from '@fraud/testing';
import { afterAll, describe, expect, it } from 'vitest';

import { DEFAULT_KCL_JARS_DIR } from '../packages/transport/src/kinesis/kcl/kcl-jars.js';
import {
  copiedFilePath,
  copiesOf,
  envOf,
  execForm,
  healthcheckCommand,
  imageOf,
  instructionsOf,
  parseDockerfile,
  type DockerCopy,
  type DockerStage,
} from './docker/dockerfile.js';
import { loadDockerIgnore } from './docker/dockerignore.js';
import { DOCKERFILE, isStreamConsumer, serviceImageBuild } from './docker/service-images.js';
import { SERVICE_SETTINGS } from './docker/service-settings.js';
import { referencedProjects, runtimeWorkspaces, sourceEmitting, workspaceDirs } from './docker/workspaces.js';

const root = repoRoot(import.meta.url);
const isIgnored = loadDockerIgnore(root);
const TEXT = readFileSync(join(root, DOCKERFILE), 'utf8');
const SERVICES = Object.keys(SERVICE_SETTINGS).sort();
/** Services whose main.ts consumes a stream: on Kinesis they run the KCL daemon. */
const CONSUMERS = SERVICES.filter((service) => isStreamConsumer(root, service));
/** The image's WORKDIR while it is assembled, which mirrors the repository root. */
const APP = '/app';
/** What the manifests stage copies from the context: every workspace's manifest, with the root's. */
const MANIFEST_SOURCES = ['package.json', 'package-lock.json', 'packages/*/package.json', 'services/*/package.json'];
const KEEP_SCRIPT = 'scripts/docker/keep-runtime-workspaces.mjs';

/** The stages as BuildKit sees them when it builds the service's image. */
function stagesOf(service: string): DockerStage[] {
  return parseDockerfile(TEXT, serviceImageBuild(root, service).args);
}

/** The service's image: the target its kind needs, laid over the stages it is built from. */
function imageFor(service: string): DockerStage {
  return imageOf(stagesOf(service), serviceImageBuild(root, service).target);
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

/** The repository paths a COPY source names: itself, or what its `*` segments match. */
function matchedPaths(source: string): string[] {
  return posix
    .normalize(source)
    .replace(/\/$/, '')
    .split('/')
    .reduce<string[]>(
      (paths, segment) =>
        paths.flatMap((path) => {
          if (!segment.includes('*')) return [posix.join(path, segment)];
          if (!existsSync(join(root, path)) || !statSync(join(root, path)).isDirectory()) return [];
          const literals = segment.split('*').map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
          const pattern = new RegExp(`^${literals.join('[^/]*')}$`);
          return readdirSync(join(root, path))
            .filter((name) => pattern.test(name))
            .map((name) => posix.join(path, name));
        }),
      ['.'],
    )
    .filter((path) => existsSync(join(root, path)));
}

/** The command the image runs, resolved against its working directory: what follows `node` in its ENTRYPOINT. */
function entryScript(image: DockerStage): string | undefined {
  const command = execForm(image, 'ENTRYPOINT') ?? execForm(image, 'CMD') ?? [];
  const script = command[command.indexOf('node') + 1];
  return script === undefined ? undefined : posix.resolve(instructionsOf(image, 'WORKDIR').at(-1) ?? '/', script);
}

function healthProbe(route: string): string[] {
  return [
    'node',
    '-e',
    `fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '${route}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

function fromContext(copies: DockerCopy[]): DockerCopy[] {
  return copies.filter((copy) => copy.from === undefined);
}

describe(`the service images (${DOCKERFILE})`, () => {
  const stages = parseDockerfile(TEXT);

  it('consume streams in the services that run a stream server', () => {
    expect(CONSUMERS).toEqual(['alerting', 'feature-engine', 'inference']);
  });

  it('are built from the one Dockerfile, at the root: no service has one of its own', () => {
    expect(
      readdirSync(join(root, 'services')).filter((dir) => existsSync(join(root, 'services', dir, 'Dockerfile'))),
    ).toEqual([]);
  });

  it('pin the first stable Dockerfile syntax with COPY --parents (1.20)', () => {
    expect(TEXT.split('\n')[0]).toBe('# syntax=docker/dockerfile:1.20');
    expect(copiesOf(stageNamed(stages, 'manifests')).filter((copy) => copy.parents === true)).toHaveLength(1);
  });

  it('have a target per kind of service, the plain service last, which a build without --target builds', () => {
    expect(stages.filter((stage) => stage.from === 'runtime').map((stage) => stage.name)).toEqual([
      'consumer',
      'sagemaker',
      'service',
    ]);
    expect(imageOf(stages).name).toBe('service');
    expect(SERVICES.map((service) => serviceImageBuild(root, service).target)).toEqual([
      'consumer', // alerting
      'consumer', // feature-engine
      'consumer', // inference
      'sagemaker', // model-endpoint
      'service', // producer
    ]);
  });

  it('copy from the build context only paths that exist and are sent', () => {
    const problems: string[] = [];
    for (const source of fromContext(stages.flatMap(copiesOf)).flatMap((copy) => copy.sources)) {
      const paths = matchedPaths(source);
      if (paths.length === 0) problems.push(`${source} matches nothing`);
      for (const path of paths) {
        if (isIgnored(path)) problems.push(`${path} (${source}) is left out by .dockerignore`);
        else if (statSync(join(root, path)).isDirectory()) {
          for (const file of filesUnder(path).filter((f) => /\/(src\/.*|package\.json|tsconfig\.json)$/.test(f))) {
            if (isIgnored(file)) problems.push(`${file} (in ${source}) is left out by .dockerignore`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('copy every workspace manifest with its path, and compile every source the build stage needs', () => {
    const manifests = [
      { from: undefined, parents: true, sources: MANIFEST_SOURCES, destination: `${APP}/` },
      { from: undefined, sources: [KEEP_SCRIPT], destination: '/usr/local/lib/' },
    ];
    expect(fromContext(copiesOf(stageNamed(stages, 'manifests')))).toEqual(manifests);
    expect(fromContext(copiesOf(imageOf(stages, 'build')))).toEqual([
      ...manifests,
      { from: undefined, sources: ['tsconfig.base.json'], destination: `${APP}/` },
      { from: undefined, sources: ['packages/'], destination: `${APP}/packages/` },
      { from: undefined, sources: ['services/'], destination: `${APP}/services/` },
    ]);
  });
});

describe.each(SERVICES)(`${DOCKERFILE} with SERVICE=%s`, (service) => {
  const dir = `services/${service}`;
  const stages = stagesOf(service);
  const image = imageFor(service);
  const scratch = mkdtempSync(join(tmpdir(), 'dockerfile-manifests-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('installs exactly the workspaces the service runs with, and compiles it with those it references', () => {
    const workspaces = runtimeWorkspaces(root, dir);
    const manifests = stageNamed(stages, 'manifests');
    const runs = stages.flatMap((stage) => instructionsOf(stage, 'RUN')).join('\n');
    // What the manifests stage holds, made as it makes it: its copies into the app directory, then its script run.
    for (const copy of fromContext(copiesOf(manifests)).filter((c) => c.destination.startsWith(`${APP}/`))) {
      for (const path of copy.sources.flatMap(matchedPaths)) {
        cpSync(join(root, path), join(scratch, posix.relative(APP, copiedFilePath(copy, path))));
      }
    }
    const [, script, argument] = /^node (\S+) "([^"]*)"$/.exec(instructionsOf(manifests, 'RUN').join('\n')) ?? [];
    execFileSync(process.execPath, [join(root, KEEP_SCRIPT), argument ?? ''], { cwd: scratch, stdio: 'pipe' });
    const kept = [...workspaceDirs(scratch).values()].sort();

    expect([script, argument]).toEqual([`/usr/local/lib/${posix.basename(KEEP_SCRIPT)}`, dir]);
    expect(kept).toEqual(workspaces);
    expect(kept).toEqual(expect.arrayContaining(referencedProjects(root, dir)));
    expect(runs).toContain(`npm ci --omit=dev --workspace="${dir}" --ignore-scripts`);
    expect(runs).toContain(`npm ci --workspace="${dir}" --include-workspace-root --ignore-scripts`);
    expect(runs).toContain(`npx tsc -b "${dir}"`);
  });

  it("runs the dist/main.js that tsc -b emits from the service's src/main.ts", () => {
    const build = stageNamed(stages, 'build');

    expect(entryScript(image)).toBe(`${APP}/${dir}/dist/main.js`);
    expect(sourceEmitting(root, dir, 'dist/main.js')).toBe(`${dir}/src/main.ts`);
    // The build stage collects every workspace's dist/ into /out, which the runtime lays over the installed workspaces.
    expect(instructionsOf(build, 'RUN').join('\n')).toContain(
      'find packages services -mindepth 2 -maxdepth 2 -name dist -exec cp -r --parents {} /out',
    );
    expect(copiesOf(image).filter((copy) => copy.from === 'deps' || copy.from === 'build')).toEqual([
      { from: 'deps', sources: [APP], destination: `${APP}/` },
      { from: 'build', sources: ['/out'], destination: `${APP}/` },
    ]);
    expect(instructionsOf(image, 'WORKDIR')).toEqual([APP, `${APP}/${dir}`]);
  });

  it('runs on Node 24 as a non-root user, in production mode, health-checked', () => {
    expect(image.from).toBe('node:24-bookworm-slim');
    expect(instructionsOf(image, 'USER')).toEqual(['node']);
    expect(envOf(image)).toMatchObject({ NODE_ENV: 'production', HTTP_HOST: '0.0.0.0', HTTP_PORT: '8080' });
    expect(instructionsOf(image, 'EXPOSE')).toEqual(['8080']);
    expect(instructionsOf(image, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(instructionsOf(image, 'HEALTHCHECK')).toHaveLength(1);
    expect(healthcheckCommand(image)).toEqual(healthProbe(service === 'model-endpoint' ? '/ping' : '/health/live'));
  });

  it('holds each file its settings read by default, where the default points, and the model only if it reads it', () => {
    const shape = SERVICE_SETTINGS[service]?.schema.shape ?? {};
    const defaults = Object.entries(shape)
      .filter(([variable]) => variable.endsWith('_PATH'))
      .map(([, setting]) => setting.safeParse(undefined).data)
      .filter((path): path is string => typeof path === 'string')
      .map((path) => relative(root, path));
    const copied = fromContext(copiesOf(image)).flatMap((copy) =>
      copy.sources.map((source) => ({ source, target: copiedFilePath(copy, source) })),
    );

    expect(copied).toEqual(
      expect.arrayContaining(defaults.map((path) => ({ source: path, target: `${APP}/${path}` }))),
    );
    expect(copied.some(({ source }) => source.endsWith('.onnx'))).toBe(defaults.some((path) => path.endsWith('.onnx')));
  });

  it('carries the JVM only in a stream consumer', () => {
    expect(copiesOf(image).some((copy) => copy.from === 'eclipse-temurin:21-jre')).toBe(CONSUMERS.includes(service));
  });
});

describe.each(CONSUMERS)(`${DOCKERFILE} with SERVICE=%s, a stream consumer`, (service) => {
  const stages = stagesOf(service);
  const image = imageFor(service);
  const jars = relative(root, DEFAULT_KCL_JARS_DIR);

  it('carries a Java runtime, found through JAVA_HOME', () => {
    expect(copiesOf(image)).toContainEqual({
      from: 'eclipse-temurin:21-jre',
      sources: ['/opt/java/openjdk'],
      destination: '/opt/java/openjdk',
    });
    expect(envOf(image)).toMatchObject({ JAVA_HOME: '/opt/java/openjdk', PATH: '$JAVA_HOME/bin:$PATH' });
  });

  it('carries the KCL jars, resolved as setup resolves them, where @fraud/transport looks', () => {
    const setupCall = /maven-jars\.sh" (kcl-jars .*)$/m.exec(readFileSync(join(root, 'scripts/setup.sh'), 'utf8'))?.[1];

    expect(jars).toBe('packages/transport/kcl/jars');
    expect(instructionsOf(stageNamed(stages, 'kcl-jars'), 'RUN').join('\n')).toContain(
      `bash scripts/setup/maven-jars.sh ${setupCall ?? '(no kcl-jars call in scripts/setup.sh)'}`,
    );
    expect(copiesOf(image)).toContainEqual({
      from: 'kcl-jars',
      sources: [`${APP}/${jars}`],
      destination: `${APP}/${jars}`,
    });
  });

  it('runs under tini, which reaps the record processors the daemon leaves behind', () => {
    expect(execForm(image, 'ENTRYPOINT')?.slice(0, 3)).toEqual(['tini', '--', 'node']);
    expect(copiesOf(image)).toContainEqual({ from: 'tini', sources: ['/usr/bin/tini'], destination: '/usr/bin/tini' });
    expect(instructionsOf(stageNamed(stages, 'tini'), 'RUN').join('\n')).toContain(
      'apt-get install -y --no-install-recommends tini',
    );
  });
});

describe(`${DOCKERFILE} with SERVICE=model-endpoint, a SageMaker container`, () => {
  const image = imageFor('model-endpoint');

  it('passes the `serve` argument SageMaker runs the image with to the service', () => {
    expect(execForm(image, 'ENTRYPOINT')).toEqual(['node', 'dist/main.js']);
    expect(execForm(image, 'CMD')).toBeUndefined();
    expect(readFileSync(join(root, 'services/model-endpoint/src/main.ts'), 'utf8')).toContain(
      "command !== undefined && command !== 'serve'",
    );
  });
});
