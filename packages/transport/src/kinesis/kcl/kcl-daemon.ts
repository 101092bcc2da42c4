import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { startSupervised, type SupervisedProcess } from '@fraud/supervisor';

import type { KclWorkdir } from './kcl-workdir.js';
import { WORKER_LOOP_STARTED } from './logback-config.js';

/**
 * A small heap and the client compiler only: the daemon moves JSON between
 * the Kinesis API and the record processors and does little computing, and
 * the machines this runs on locally have two cores for everything.
 */
export const DEFAULT_KCL_JVM_OPTIONS: readonly string[] = [
  '-Xms32m',
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
];

const MULTILANG_DAEMON = 'software.amazon.kinesis.multilang.MultiLangDaemon';

/** Where scripts/setup/kcl-class-archive.sh dumps the daemon's class-data-sharing archive. */
export function kclClassArchive(jarsDir: string): string {
  return join(jarsDir, 'classes.jsa');
}

/**
 * DEFAULT_KCL_JVM_OPTIONS, plus the class-data-sharing archive when setup
 * dumped one beside the jars: the JVM then maps the daemon's classes instead
 * of loading them from 124 jars, and a daemon starts on about 2 CPU-seconds
 * instead of 3. An archive the JVM cannot use (another JDK) it ignores.
 */
export async function defaultKclJvmOptions(jarsDir: string): Promise<readonly string[]> {
  const archive = kclClassArchive(jarsDir);
  const dumped = await access(archive).then(
    () => true,
    () => false,
  );
  return dumped ? [...DEFAULT_KCL_JVM_OPTIONS, `-XX:SharedArchiveFile=${archive}`] : DEFAULT_KCL_JVM_OPTIONS;
}

export interface KclDaemonOptions {
  workdir: KclWorkdir;
  jarsDir: string;
  /** The `java` command (17 or newer). */
  java: string;
  jvmOptions: readonly string[];
  /** The daemon's environment: AWS credentials and region; it passes it on to the record processors. */
  env: NodeJS.ProcessEnv;
  /** SIGTERM to SIGKILL when stopped through the supervisor. */
  graceMs: number;
}

/**
 * Starts the MultiLangDaemon under the supervisor's watchdog, in its own
 * process group with its record processors, so that none of them outlives
 * the service, however the service ends.
 */
export async function startKclDaemon(options: KclDaemonOptions): Promise<SupervisedProcess> {
  const { workdir } = options;
  // A fresh scheduler log per run, so WORKER_LOOP_STARTED means this run.
  await writeFile(workdir.schedulerLog, '');
  const trust =
    workdir.trustStore === undefined
      ? []
      : [
          `-Djavax.net.ssl.trustStore=${workdir.trustStore.file}`,
          `-Djavax.net.ssl.trustStorePassword=${workdir.trustStore.password}`,
          '-Djavax.net.ssl.trustStoreType=PKCS12',
        ];
  return startSupervised({
    name: 'kcl-daemon',
    command: options.java,
    args: [
      ...options.jvmOptions,
      ...trust,
      '-cp',
      // Java expands `dir/*` to the jars in it.
      join(options.jarsDir, '*'),
      MULTILANG_DAEMON,
      '--properties-file',
      workdir.propertiesFile,
      '--log-configuration',
      workdir.logbackFile,
    ],
    logFile: workdir.daemonLog,
    dataDir: workdir.dir,
    cwd: workdir.dir,
    env: options.env,
    graceMs: options.graceMs,
  });
}

/** Resolves once the daemon's Scheduler reached its worker loop; rejects when `signal` aborts first. */
export function workerLoopStarted(schedulerLog: string, signal: AbortSignal, intervalMs = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    let checking = false;
    const finish = (error?: Error): void => {
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => {
      finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      readFile(schedulerLog, 'utf8')
        .then(
          (text) => {
            if (text.includes(WORKER_LOOP_STARTED)) finish();
          },
          () => undefined,
        )
        .finally(() => {
          checking = false;
        });
    }, intervalMs);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The last lines of a log, stack frames left out, to say why the daemon
 * failed without sending anyone to a file that is about to go.
 */
export async function logTail(file: string, lines = 12): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => !/^\s+(at |\.\.\. \d+ )/.test(line))
    .slice(-lines)
    .join('\n');
}
