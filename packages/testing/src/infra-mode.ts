import type { InfraMode } from './infra-types.js';

/**
 * Where the stack runs: `INFRA=local|containers` when set; otherwise
 * containers (testcontainers) when a Docker engine answers, and local
 * processes when none does.
 */
export function chooseInfraMode(requested: string | undefined, dockerEngineAnswers: boolean): InfraMode {
  const value = requested?.trim().toLowerCase();
  if (value === undefined || value === '') return dockerEngineAnswers ? 'containers' : 'local';
  if (value === 'local') return 'local';
  if (value === 'containers') {
    if (!dockerEngineAnswers) {
      throw new Error(
        'INFRA=containers, but no Docker engine answers (set DOCKER_HOST or start Docker), or use INFRA=local',
      );
    }
    return 'containers';
  }
  throw new Error(`INFRA must be 'local' or 'containers', not '${requested}'`);
}
