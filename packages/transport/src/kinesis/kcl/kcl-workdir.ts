import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { logbackConfig } from './logback-config.js';
import { multilangProperties, type MultilangSettings } from './multilang-properties.js';

const run = promisify(execFile);

/** The record processor's entry: its TypeScript source under Vitest, the compiled file otherwise. */
export const RECORD_PROCESSOR_ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './record-processor.ts' : './record-processor.js', import.meta.url),
);

/** A Java trust store the daemon is started with. */
export interface TrustStore {
  file: string;
  password: string;
}

/** One consumer's private directory: the daemon's configuration, logs and the bridge socket. */
export interface KclWorkdir {
  dir: string;
  bridgeSocket: string;
  propertiesFile: string;
  logbackFile: string;
  /** stdout and stderr of the daemon: its warnings and errors, and anything a record processor printed to stderr. */
  daemonLog: string;
  /** The KCL Scheduler's INFO lines (see logback-config.ts). */
  schedulerLog: string;
  trustStore: TrustStore | undefined;
}

export interface KclWorkdirOptions {
  settings: Omit<MultilangSettings, 'executableName'>;
  /** A PEM certificate for the daemon to trust (an https endpoint with a private CA); it then trusts only this one. */
  tlsCertFile?: string | undefined;
  /** The `keytool` command that builds the trust store. */
  keytool: string;
}

/**
 * Creates the directory and writes what the daemon reads: the properties, the
 * logback configuration, the record processor's launcher, and the trust
 * store when a certificate is given.
 */
export async function createKclWorkdir(options: KclWorkdirOptions): Promise<KclWorkdir> {
  const dir = await mkdtemp(join(tmpdir(), 'fraud-kcl-'));
  try {
    // The daemon splits executableName on spaces, and a socket path has about 100 bytes at most.
    if (/\s/.test(dir))
      throw new Error(`the temporary directory ${dir} contains whitespace; set TMPDIR to one without`);
    const workdir: KclWorkdir = {
      dir,
      bridgeSocket: join(dir, 'bridge.sock'),
      propertiesFile: join(dir, 'kcl.properties'),
      logbackFile: join(dir, 'logback.xml'),
      daemonLog: join(dir, 'daemon.log'),
      schedulerLog: join(dir, 'scheduler.log'),
      trustStore:
        options.tlsCertFile === undefined
          ? undefined
          : await createTrustStore(options.keytool, options.tlsCertFile, dir),
    };
    const launcher = join(dir, 'record-processor.sh');
    await writeFile(launcher, launcherScript(process.execPath, RECORD_PROCESSOR_ENTRY, workdir.bridgeSocket));
    await chmod(launcher, 0o755);
    await writeFile(workdir.propertiesFile, multilangProperties({ ...options.settings, executableName: launcher }));
    await writeFile(workdir.logbackFile, logbackConfig(workdir.schedulerLog));
    return workdir;
  } catch (error) {
    await removeKclWorkdir(dir);
    throw error;
  }
}

export async function removeKclWorkdir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The command the daemon runs per shard. A script rather than `node <entry>`
 * in the properties: the daemon splits that on spaces, and the Node binary or
 * the repository may live under a path with spaces.
 */
export function launcherScript(node: string, entry: string, bridgeSocket: string): string {
  return `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(entry)} ${shellQuote(bridgeSocket)}\n`;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function createTrustStore(keytool: string, certFile: string, dir: string): Promise<TrustStore> {
  const trustStore: TrustStore = { file: join(dir, 'truststore.p12'), password: randomBytes(12).toString('hex') };
  try {
    await run(keytool, [
      '-importcert',
      '-noprompt',
      '-alias',
      'kinesis-endpoint',
      '-file',
      certFile,
      '-keystore',
      trustStore.file,
      '-storetype',
      'PKCS12',
      '-storepass',
      trustStore.password,
    ]);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new Error(`keytool could not import ${certFile} into a trust store: ${detail}`, { cause: error });
  }
  return trustStore;
}
