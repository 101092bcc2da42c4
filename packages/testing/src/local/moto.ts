import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';

import { makeDataDir, removeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import { startSupervised } from '../process/supervised-process.js';
import type { RunningInfra } from '../infra-types.js';
import { repoRoot } from '../repo-root.js';
import { waitUntil } from '../wait-until.js';
import { localAwsClientConfig } from './aws-client-config.js';

export interface MotoEndpoints {
  snsEndpoint: string;
  sqsEndpoint: string;
}

/**
 * Starts moto's standalone server (SNS and SQS, one in-memory account) on a
 * free loopback port. It comes from the project virtualenv that
 * `npm run setup` creates (scripts/setup/python-venv.sh).
 */
export async function startLocalMoto(): Promise<RunningInfra<MotoEndpoints>> {
  const motoServer = join(repoRoot(), '.venv', 'bin', 'moto_server');
  if (!existsSync(motoServer)) {
    throw new Error(`moto_server not found at ${motoServer}: run \`npm run setup\` to create the Python virtualenv`);
  }
  const dir = await makeDataDir('moto');
  const port = await freePort();
  const server = await startSupervised({
    name: 'moto',
    command: motoServer,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    logFile: join(dir, 'moto.log'),
    dataDir: dir,
    cwd: dir,
    graceMs: 2_000,
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const sns = new SNSClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1 });
  try {
    await waitUntil(
      async () => {
        await sns.send(new ListTopicsCommand({}));
        return true;
      },
      // Moto answers in under a second here; the margin is for a loaded CI machine.
      { description: `moto on port ${port}`, timeoutMs: 30_000, intervalMs: 200, abort: server.exited },
    );
  } catch (error) {
    // The data dir stays: its moto.log says why the server never answered.
    await server.stop();
    throw error;
  } finally {
    sns.destroy();
  }
  return {
    name: 'moto',
    // One server answers every service; SNS delivers to SQS queues inside it.
    endpoints: { snsEndpoint: endpoint, sqsEndpoint: endpoint },
    pids: [server.pid],
    stop: async () => {
      await server.stop();
      await removeDataDir(dir);
    },
  };
}
