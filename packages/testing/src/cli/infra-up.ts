// `npm run infra:up [-- --redis-cluster]`: starts the local stack in the
// background, prints its endpoints as environment lines once everything
// answers, and returns.
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { formatEnvironment } from '../infra-environment.js';
import { redisClusterRequested } from '../redis-cluster-request.js';
import { isAlive } from '@fraud/supervisor';
import { waitUntil } from '../wait-until.js';
import { envPath, infraDir, readInfraState, supervisorLogPath } from './infra-state.js';

const USAGE = `usage: npm run infra:up -- [--redis-cluster]

  --redis-cluster   a Redis Cluster of 3 primaries as well, beside the single Redis
                    (REDIS_CLUSTER_URL, REDIS_CLUSTER_NODES); INFRA_REDIS_CLUSTER=1 does the same
`;

let redisCluster: boolean;
try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { 'redis-cluster': { type: 'boolean' } },
  });
  redisCluster = values['redis-cluster'] === true || redisClusterRequested(process.env.INFRA_REDIS_CLUSTER);
} catch (error) {
  process.stderr.write(`infra: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  // sysexits EX_USAGE, as the demo exits on a bad option.
  process.exit(64);
}

const existing = await readInfraState();
if (existing !== undefined && isAlive(existing.supervisorPid)) {
  if (redisCluster && existing.env.REDIS_CLUSTER_URL === undefined) {
    process.stderr.write(
      'infra: already running without a Redis Cluster; npm run infra:down, then npm run infra:up -- --redis-cluster\n',
    );
    process.exit(1);
  }
  process.stderr.write('infra: already running (npm run infra:down stops it)\n');
  process.stdout.write(`${formatEnvironment(existing.env)}\n`);
  process.exit(0);
}

await mkdir(infraDir, { recursive: true });
const log = await open(supervisorLogPath, 'w');
const supervisor = spawn(process.execPath, [fileURLToPath(new URL('./stack-supervisor.js', import.meta.url))], {
  detached: true,
  stdio: ['ignore', log.fd, log.fd],
  // The supervisor's startInfraStack reads it.
  env: { ...process.env, INFRA_REDIS_CLUSTER: redisCluster ? '1' : '0' },
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
process.stderr.write(
  `infra: up (pid ${supervisor.pid})${redisCluster ? ' with a 3-primary Redis Cluster' : ''}; endpoints also in ${envPath}\n`,
);
process.stdout.write(`${formatEnvironment(state?.env ?? {})}\n`);
process.exit(0);
