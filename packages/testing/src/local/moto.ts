import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';

import { makeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import type { RunningInfra } from '../infra-types.js';
import { repoRoot } from '../repo-root.js';
import { localAwsClientConfig } from './aws-client-config.js';
import { emulatorAnswers } from './emulator-probe.js';
import { runLocalServer } from './local-server.js';

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
  const endpoint = `http://127.0.0.1:${port}`;
  return runLocalServer({
    name: 'moto',
    dir,
    command: motoServer,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    graceMs: 2_000,
    // One server answers every service; SNS delivers to SQS queues inside it.
    endpoints: { snsEndpoint: endpoint, sqsEndpoint: endpoint },
    isReady: () =>
      emulatorAnswers(new SNSClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1 }), (sns) =>
        sns.send(new ListTopicsCommand({})),
      ),
    // Moto answers in under a second here; the margin is for a loaded CI machine.
    readyTimeoutMs: 30_000,
    readyIntervalMs: 200,
  });
}
