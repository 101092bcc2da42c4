import { createRequire } from 'node:module';
import { join } from 'node:path';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { makeDataDir, removeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import { startSupervised } from '../process/supervised-process.js';
import type { RunningInfra } from '../infra-types.js';
import { waitUntil } from '../wait-until.js';
import { localAwsClientConfig } from './aws-client-config.js';

export interface DynamoEndpoints {
  dynamodbEndpoint: string;
}

const dynaliteCli = createRequire(import.meta.url).resolve('dynalite/cli.js');

/**
 * Starts dynalite (DynamoDB on an in-memory LevelDB) on a free loopback port.
 * Tables become ACTIVE at once instead of after the default 500 ms.
 */
export async function startLocalDynamo(): Promise<RunningInfra<DynamoEndpoints>> {
  const dir = await makeDataDir('dynamodb');
  const port = await freePort();
  const emulator = await startSupervised({
    name: 'dynamodb',
    command: process.execPath,
    // No --path: the store stays in memory.
    args: [
      dynaliteCli,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--createTableMs',
      '0',
      '--deleteTableMs',
      '0',
      '--updateTableMs',
      '0',
    ],
    logFile: join(dir, 'dynamodb.log'),
    dataDir: dir,
    cwd: dir,
    graceMs: 2_000,
  });
  const dynamodbEndpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...localAwsClientConfig(dynamodbEndpoint), maxAttempts: 1 });
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({}));
        return true;
      },
      { description: `dynalite on port ${port}`, timeoutMs: 15_000, abort: emulator.exited },
    );
  } catch (error) {
    await emulator.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    name: 'dynamodb',
    endpoints: { dynamodbEndpoint },
    pids: [emulator.pid],
    stop: async () => {
      await emulator.stop();
      await removeDataDir(dir);
    },
  };
}
