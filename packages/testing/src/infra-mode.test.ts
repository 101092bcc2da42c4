import { describe, expect, it } from 'vitest';

import { chooseInfraMode } from './infra-mode.js';

describe('chooseInfraMode', () => {
  it('uses containers when a Docker engine answers and INFRA is unset', () => {
    expect(chooseInfraMode(undefined, true)).toBe('containers');
    expect(chooseInfraMode('', true)).toBe('containers');
  });

  it('uses local processes when no Docker engine answers and INFRA is unset', () => {
    expect(chooseInfraMode(undefined, false)).toBe('local');
  });

  it('lets INFRA=local override an available engine', () => {
    expect(chooseInfraMode('local', true)).toBe('local');
    expect(chooseInfraMode(' LOCAL ', true)).toBe('local');
  });

  it('honours INFRA=containers when an engine answers', () => {
    expect(chooseInfraMode('containers', true)).toBe('containers');
  });

  it('refuses INFRA=containers without an engine, saying what to do', () => {
    expect(() => chooseInfraMode('containers', false)).toThrow(
      'INFRA=containers, but no Docker engine answers (set DOCKER_HOST or start Docker), or use INFRA=local',
    );
  });

  it('refuses an unknown INFRA value, naming it', () => {
    expect(() => chooseInfraMode('k8s', true)).toThrow("INFRA must be 'local' or 'containers', not 'k8s'");
  });
});
