import { describe, expect, it } from 'vitest';

import { copiedFilePath, copiesOf, envOf, execForm, healthcheckCommand, parseDockerfile } from './dockerfile.js';

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
