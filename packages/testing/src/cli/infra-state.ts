import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { repoRoot } from '../repo-root.js';

/** What `infra:up` leaves in `.infra/` for `infra:down` and for other tools. */
export interface InfraState {
  supervisorPid: number;
  pids: number[];
  env: Record<string, string>;
}

// INFRA_STATE_DIR lets a test run its own stack beside a developer's.
export const infraDir = process.env.INFRA_STATE_DIR ?? join(repoRoot(), '.infra');
export const statePath = join(infraDir, 'stack.json');
export const envPath = join(infraDir, 'stack.env');
export const supervisorLogPath = join(infraDir, 'supervisor.log');

export async function readInfraState(): Promise<InfraState | undefined> {
  try {
    return JSON.parse(await readFile(statePath, 'utf8')) as InfraState;
  } catch {
    return undefined;
  }
}

export async function clearInfraState(): Promise<void> {
  await rm(statePath, { force: true });
  await rm(envPath, { force: true });
}
