import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { connect } from 'node:tls';

import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';

import { makeDataDir } from '../data-dir.js';
import { freePort } from '../ports.js';
import type { RunningInfra } from '../infra-types.js';
import { localAwsClientConfig } from './aws-client-config.js';
import { emulatorAnswers } from './emulator-probe.js';
import { runLocalServer } from './local-server.js';
import { makeSelfSignedCert } from './self-signed-cert.js';

export interface KinesisEndpoints {
  kinesisEndpoint: string;
  kinesisTlsEndpoint: string;
  kinesisTlsCertFile: string;
}

const kinesisLocalMain = createRequire(import.meta.url).resolve('kinesis-local');
const loopbackPreload = new URL(
  import.meta.url.endsWith('.ts') ? './loopback-preload.ts' : './loopback-preload.js',
  import.meta.url,
).href;

// Every simulated state change (CREATING, UPDATING, ...) lasts 500 ms by
// default; tests create streams constantly and gain nothing from the wait.
const instantTransitions = Object.fromEntries(
  [
    'CREATE_STREAM_DURATION',
    'DELETE_STREAM_DURATION',
    'REGISTER_STREAM_CONSUMER_DURATION',
    'DEREGISTER_STREAM_CONSUMER_DURATION',
    'START_STREAM_ENCRYPTION_DURATION',
    'STOP_STREAM_ENCRYPTION_DURATION',
    'MERGE_SHARDS_DURATION',
    'SPLIT_SHARD_DURATION',
    'UPDATE_SHARD_COUNT_DURATION',
    'UPDATE_STREAM_MODE_DURATION',
  ].map((name) => [name, '0ms']),
);

/**
 * Starts kinesis-local (kinesis-mock compiled for Node) on two free loopback
 * ports: plain HTTP/1.1 for the AWS SDK with NodeHttpHandler, and TLS with
 * HTTP/2 for the KCL daemon, which speaks nothing else. Nothing is persisted.
 */
export async function startLocalKinesis(): Promise<RunningInfra<KinesisEndpoints>> {
  const dir = await makeDataDir('kinesis');
  const { certFile, keyFile } = await makeSelfSignedCert(dir);
  // kinesis-local reads its TLS key and certificate from one JSON file.
  const serverJson = join(dir, 'server.json');
  const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  await writeFile(serverJson, JSON.stringify({ server: { key, cert } }), { mode: 0o600 });

  const plainPort = await freePort();
  const tlsPort = await freePort();
  const endpoints: KinesisEndpoints = {
    kinesisEndpoint: `http://127.0.0.1:${plainPort}`,
    kinesisTlsEndpoint: `https://127.0.0.1:${tlsPort}`,
    kinesisTlsCertFile: certFile,
  };
  return runLocalServer({
    name: 'kinesis',
    dir,
    command: process.execPath,
    // kinesis-local has no host setting and binds all interfaces; the preload pins it to loopback.
    args: ['--import', loopbackPreload, kinesisLocalMain],
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      // The default of 50 shards is used up by a few test prefixes of 12 streams.
      SHARD_LIMIT: '10000',
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      KINESIS_MOCK_CERT_PATH: serverJson,
      AWS_REGION: 'us-east-1',
      AWS_ACCOUNT_ID: '000000000000',
      SHOULD_PERSIST_DATA: 'false',
      LOAD_DATA_IF_EXISTS: 'false',
      PERSIST_PATH: dir,
      LOG_LEVEL: 'WARN',
      ...instantTransitions,
    },
    // It ignores SIGTERM while a TLS client that dropped without closing is connected; SIGKILL follows.
    graceMs: 2_000,
    endpoints,
    isReady: async () =>
      (await emulatorAnswers(
        new KinesisClient({ ...localAwsClientConfig(endpoints.kinesisEndpoint), maxAttempts: 1 }),
        (kinesis) => kinesis.send(new ListStreamsCommand({})),
      )) && tlsHandshakes(tlsPort, cert),
    readyTimeoutMs: 30_000,
  });
}

function tlsHandshakes(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca });
    socket.setTimeout(1_000);
    socket.once('secureConnect', () => {
      resolve(socket.authorized);
      // A clean close: kinesis-local ignores SIGTERM while a TLS peer that vanished without one is still open.
      socket.end();
    });
    socket.on('error', () => {
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
