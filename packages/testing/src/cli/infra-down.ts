// `npm run infra:down`: stops what `infra:up` started and waits until no
// infrastructure process is left.
import { isAlive } from '@fraud/supervisor';
import { waitUntil } from '../wait-until.js';
import { clearInfraState, readInfraState } from './infra-state.js';

const state = await readInfraState();
if (state === undefined) {
  process.stderr.write('infra: nothing running\n');
  process.exit(0);
}
if (isAlive(state.supervisorPid)) process.kill(state.supervisorPid, 'SIGTERM');
const everything = [state.supervisorPid, ...state.pids];
try {
  await waitUntil(async () => Promise.resolve(everything.every((pid) => !isAlive(pid))), {
    description: 'the stack to stop',
    timeoutMs: 30_000,
  });
} catch {
  // The supervisor did not finish in time: its watchdogs tear the groups down
  // once it is gone, and the groups are killed here as a last resort.
  for (const pid of everything) {
    try {
      process.kill(pid === state.supervisorPid ? pid : -pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
await clearInfraState();
process.stderr.write('infra: down\n');
