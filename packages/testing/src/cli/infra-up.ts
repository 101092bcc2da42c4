// `npm run infra:up`: starts the local stack in the background, prints its
// endpoints as environment lines once everything answers, and returns.
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { formatEnvironment } from '../infra-environment.js';
import { isAlive } from '@fraud/supervisor';
import { waitUntil } from '../wait-until.js';
import { infraDir, readInfraState, supervisorLogPath } from './infra-state.js';

const existing = await readInfraState();
if (existing !== undefined && isAlive(existing.supervisorPid)) {
  process.stderr.write('infra: already running (npm run infra:down stops it)\n');
  process.stdout.write(`${formatEnvironment(existing.env)}\n`);
  process.exit(0);
}

await mkdir(infraDir, { recursive: true });
const log = await open(supervisorLogPath, 'w');
const supervisor = spawn(process.execPath, [fileURLToPath(new URL('./stack-supervisor.js', import.meta.url))], {
  detached: true,
  stdio: ['ignore', log.fd, log.fd],
});
supervisor.unref();
let exitedEarly = false;
supervisor.once('exit', () => (exitedEarly = true));

try {
  await waitUntil(
    async () => {
      if (exitedEarly) throw new Error(`the supervisor exited; see ${supervisorLogPath}`);
      const state = await readInfraState();
      return state?.supervisorPid === supervisor.pid;
    },
    { description: 'the local stack', timeoutMs: 180_000, intervalMs: 250 },
  );
} catch (error) {
  if (supervisor.pid !== undefined && isAlive(supervisor.pid)) process.kill(supervisor.pid, 'SIGTERM');
  process.stderr.write(`infra: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
await log.close();
const state = await readInfraState();
process.stderr.write(`infra: up (pid ${supervisor.pid}); endpoints also in .infra/stack.env\n`);
process.stdout.write(`${formatEnvironment(state?.env ?? {})}\n`);
process.exit(0);
