import { describe, expect, it } from 'vitest';

import {
  copiedFilePath,
  copiesOf,
  envOf,
  execForm,
  healthcheckCommand,
  imageOf,
  instructionsOf,
  parseDockerfile,
} from './dockerfile.js';

const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci \\
    # a comment inside a continued instruction
    && npx tsc -b

FROM node:24-bookworm-slim
ENV NODE_ENV=production HTTP_HOST="0.0.0.0"
WORKDIR /app
COPY --from=build /app/dist dist
COPY model/artifacts/model.onnx model/artifacts/
HEALTHCHECK --interval=10s CMD ["node", "-e", "probe()"]
ENTRYPOINT ["node", "dist/main.js"]
`;

describe('parseDockerfile', () => {
  const [build, runtime] = parseDockerfile(DOCKERFILE);

  it('splits stages at FROM, with their names', () => {
    expect(parseDockerfile(DOCKERFILE).map((stage) => [stage.from, stage.name])).toEqual([
      ['node:24-bookworm-slim', 'build'],
      ['node:24-bookworm-slim', undefined],
    ]);
  });

  it('joins continuation lines and drops the comments between them', () => {
    expect(build?.instructions.at(-1)).toEqual({ keyword: 'RUN', args: 'npm ci  && npx tsc -b' });
  });

  it('resolves COPY destinations against the WORKDIR in force', () => {
    expect(copiesOf(runtime!)).toEqual([
      { from: 'build', sources: ['/app/dist'], destination: '/app/dist' },
      { from: undefined, sources: ['model/artifacts/model.onnx'], destination: '/app/model/artifacts/' },
    ]);
  });

  it('places a file copied into a directory under its own name', () => {
    const copy = copiesOf(runtime!)[1]!;
    expect(copiedFilePath(copy, 'model/artifacts/model.onnx')).toBe('/app/model/artifacts/model.onnx');
  });

  it('reads ENV pairs, quotes removed', () => {
    expect(envOf(runtime!)).toEqual({ NODE_ENV: 'production', HTTP_HOST: '0.0.0.0' });
  });

  it('reads the exec forms of ENTRYPOINT and HEALTHCHECK', () => {
    expect(execForm(runtime!, 'ENTRYPOINT')).toEqual(['node', 'dist/main.js']);
    expect(execForm(runtime!, 'CMD')).toBeUndefined();
    expect(healthcheckCommand(runtime!)).toEqual(['node', '-e', 'probe()']);
  });

  it('refuses a shell-form ENTRYPOINT, whose process would not get the stop signal', () => {
    const [stage] = parseDockerfile('FROM node:24-bookworm-slim\nENTRYPOINT node main.js\n');
    expect(() => execForm(stage!, 'ENTRYPOINT')).toThrow('ENTRYPOINT is in shell form');
  });
});

const PARAMETERISED = `# syntax=docker/dockerfile:1.20
ARG SERVICE
ARG BASE=node:24-bookworm-slim
FROM \${BASE} AS manifests
ARG SERVICE
WORKDIR /app
COPY --parents package.json packages/*/package.json ./
RUN npm ci --workspace="services/\${SERVICE}"

FROM manifests AS build
ARG KIND=plain
RUN echo $SERVICE $KIND $HOME

FROM \${BASE} AS runtime
ENV PATH=$JAVA_HOME/bin:$PATH
WORKDIR /app/services/$SERVICE
ARG SERVICE
WORKDIR /app/services/\${SERVICE}
COPY model/artifacts/model.onnx /app/model/artifacts/

FROM runtime AS service
WORKDIR dist
ENTRYPOINT ["node", "main.js"]
`;

describe('parseDockerfile with build arguments', () => {
  const stages = parseDockerfile(PARAMETERISED, { SERVICE: 'inference' });
  const byName = (name: string) => stages.find((stage) => stage.name === name)!;

  it('expands global arguments in FROM lines, defaults and given values alike', () => {
    expect(stages.map((stage) => [stage.from, stage.name])).toEqual([
      ['node:24-bookworm-slim', 'manifests'],
      ['manifests', 'build'],
      ['node:24-bookworm-slim', 'runtime'],
      ['runtime', 'service'],
    ]);
    expect(parseDockerfile(PARAMETERISED, { BASE: 'node:26' })[0]?.from).toBe('node:26');
  });

  it('expands a stage argument after its ARG, in the stages built from that stage too, and in RUN', () => {
    expect(instructionsOf(byName('manifests'), 'RUN')).toEqual(['npm ci --workspace="services/inference"']);
    expect(instructionsOf(byName('build'), 'RUN')).toEqual(['echo inference plain $HOME']);
  });

  it('leaves a reference alone before its ARG, and ENV variables as written', () => {
    expect(instructionsOf(byName('runtime'), 'WORKDIR')).toEqual(['/app/services/$SERVICE', '/app/services/inference']);
    expect(envOf(byName('runtime'))).toEqual({ PATH: '$JAVA_HOME/bin:$PATH' });
  });

  it('expands an argument given no value to nothing, as Docker does', () => {
    expect(instructionsOf(parseDockerfile(PARAMETERISED)[0]!, 'RUN')).toEqual(['npm ci --workspace="services/"']);
  });

  it('reads the parents flag of COPY, under which each source keeps its path', () => {
    const [copy] = copiesOf(byName('manifests'));
    expect(copy).toEqual({
      from: undefined,
      parents: true,
      sources: ['package.json', 'packages/*/package.json'],
      destination: '/app/',
    });
    expect(copiedFilePath(copy!, 'packages/config/package.json')).toBe('/app/packages/config/package.json');
  });
});

describe('imageOf', () => {
  const stages = parseDockerfile(PARAMETERISED, { SERVICE: 'inference' });

  it("lays a target's instructions over those of the stages it is built from", () => {
    const image = imageOf(stages, 'service');
    expect([image.from, image.name]).toEqual(['node:24-bookworm-slim', 'service']);
    expect(instructionsOf(image, 'WORKDIR')).toEqual(['/app/services/$SERVICE', '/app/services/inference', 'dist']);
    expect(copiesOf(image)).toEqual([
      { from: undefined, sources: ['model/artifacts/model.onnx'], destination: '/app/model/artifacts/' },
    ]);
    expect(execForm(image, 'ENTRYPOINT')).toEqual(['node', 'main.js']);
  });

  it('builds the last stage without a target, and refuses an unknown one', () => {
    expect(imageOf(stages).name).toBe('service');
    expect(() => imageOf(stages, 'consumer')).toThrow('no stage consumer');
  });
});
