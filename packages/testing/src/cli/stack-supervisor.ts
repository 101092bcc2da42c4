// The long-lived process behind `npm run infra:up`: it owns the stack (and,
// through the watchdogs, every infrastructure process), records the endpoints
// in .infra/, and tears everything down on SIGTERM or SIGINT.
import { writeFile } from 'node:fs/promises';

import { formatEnvironment } from '../infra-environment.js';
import { startInfraStack } from '../infra-stack.js';
import { clearInfraState, envPath, statePath, type InfraState } from './infra-state.js';

const stack = await startInfraStack();
const state: InfraState = { supervisorPid: process.pid, pids: [...stack.pids], env: stack.env };
await writeFile(envPath, `${formatEnvironment(stack.env)}\n`);
await writeFile(statePath, JSON.stringify(state, null, 2));
process.stderr.write(`infra supervisor: ${stack.mode} stack ready\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  await clearInfraState();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
