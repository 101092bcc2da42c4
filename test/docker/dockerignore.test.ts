import { describe, expect, it } from 'vitest';

import { dockerIgnore } from './dockerignore.js';

describe('dockerIgnore', () => {
  const isIgnored = dockerIgnore(
    ['# comment', '.git', '**/node_modules', '/coverage/', 'packages/*/jars', 'docs/*.tmp', '!docs/keep.tmp'].join(
      '\n',
    ),
  );

  it('leaves out a path a rule names, and everything under it', () => {
    expect(['.git', '.git/HEAD', 'coverage/index.html'].map(isIgnored)).toEqual([true, true, true]);
  });

  it('matches ** across any number of directories, the root included', () => {
    expect(['node_modules/x', 'services/a/node_modules/y/z.js'].map(isIgnored)).toEqual([true, true]);
  });

  it('matches * within one path segment only', () => {
    expect(['packages/transport/jars/a.jar', 'packages/transport/kcl/jars/a.jar'].map(isIgnored)).toEqual([
      true,
      false,
    ]);
  });

  it('sends back what a later ! rule names', () => {
    expect(['docs/drop.tmp', 'docs/keep.tmp', 'docs/sub/drop.tmp'].map(isIgnored)).toEqual([true, false, false]);
  });

  it('sends what no rule names', () => {
    expect(['package.json', 'services/producer/src/main.ts', 'gitignore'].map(isIgnored)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
