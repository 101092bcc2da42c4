import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { DEFAULT_BACKOFF, retry, type BackoffPolicy } from '@fraud/resilience';
import type { SupervisedProcess } from '@fraud/supervisor';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../../metrics/transport-metrics.js';
import type { ConsumeOptions, StreamConsumer } from '../../stream-transport.js';
import type { BridgeRequest, LogNotice } from './bridge-messages.js';
import { BridgeServer, type BridgeConnection } from './bridge-server.js';
import { KclBatchRunner } from './kcl-batch-runner.js';
import { defaultKclJvmOptions, logTail, startKclDaemon, workerLoopStarted } from './kcl-daemon.js';
import { assertKclJars, DEFAULT_KCL_JARS_DIR } from './kcl-jars.js';
import { createKclWorkdir, removeKclWorkdir, type KclWorkdir } from './kcl-workdir.js';
import { AWS_KCL_TIMINGS, type KclTimings } from './multilang-properties.js';

export interface KclConsumerOptions {
  consume: ConsumeOptions;
  region: string;
  /** Kinesis endpoint for the daemon (HTTP/2 only); unset in AWS. */
  kinesisEndpoint?: string | undefined;
  /** DynamoDB endpoint for the daemon's lease table; unset in AWS. */
  dynamodbEndpoint?: string | undefined;
  /** A PEM certificate the daemon trusts, for an https endpoint with a private CA. */
  tlsCertFile?: string | undefined;
  logger: Logger;
  metrics: TransportMetrics;
  /** Where `npm run setup` put the daemon jars; packages/transport/kcl/jars by default. */
  jarsDir?: string;
  /** AWS_KCL_TIMINGS by default; LOCAL_KCL_TIMINGS suits the emulators. */
  timings?: Partial<KclTimings>;
  /** Wait between retries of a failed batch; DEFAULT_BACKOFF (0.1 s doubling to 10 s) by default. */
  retryBackoff?: BackoffPolicy;
  /** Longest start(): JVM start, lease table creation, shard sync; 90 s by default. */
  startTimeoutMs?: number;
  /** How long stop() lets in-flight batches and final checkpoints finish before killing the daemon; 20 s by default. */
  stopTimeoutMs?: number;
  /** The daemon JVM's options; defaultKclJvmOptions(jarsDir) by default. */
  jvmOptions?: readonly string[];
  /** `java` from JAVA_HOME, else from PATH, by default. */
  javaCommand?: string;
}

/** The processes a consumer runs, for leak checks. */
export interface KclProcessIds {
  daemon: number | undefined;
  recordProcessors: number[];
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
const DEFAULT_STOP_TIMEOUT_MS = 20_000;
/** After the worker loop started, how long start() waits for a lease before it accepts that other workers hold them all. */
const LEASE_WAIT_MS = 5_000;
/** Between restarts of a daemon that exited on its own. */
const RESTART_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, multiplier: 2 };
/** What is left of stop() once the daemon got its graceful chance: processes killed, group gone. */
const KILL_GRACE_MS = 500;

/** The daemon ended; `tail` holds its last log lines, since its log goes with the consumer's directory. */
class DaemonExited extends Error {
  readonly tail: string;

  constructor(tail: string, cause: unknown) {
    super('the KCL MultiLangDaemon exited', { cause });
    this.name = 'DaemonExited';
    this.tail = tail;
  }
}

/**
 * A KCL application member on one Kinesis stream, through Java's
 * MultiLangDaemon. The daemon takes leases in DynamoDB, reads each leased
 * shard by polling, and runs one record processor child per shard
 * (record-processor.ts). Each child hands its batches to this process over a
 * Unix socket (the bridge), where the handler runs; the child checkpoints a
 * batch only once the handler resolved for it.
 *
 * A failing batch is retried here, in place and without limit, so the shard
 * waits rather than skips; the child is answered only when the handler
 * succeeded, or when stop() gives up on it, and then nothing is checkpointed.
 *
 * The daemon is supervised: it dies with this process, and if it exits on its
 * own it is started again with the same worker id, which takes its leases
 * back at once; its shards are read again from their checkpoints.
 */
export class KclConsumer implements StreamConsumer {
  private readonly options: KclConsumerOptions;
  private readonly consume: ConsumeOptions;
  private readonly logger: Logger;
  private readonly timings: KclTimings;
  private readonly jarsDir: string;
  private readonly batches: KclBatchRunner;
  private readonly workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  /** Ends start() and the restart loop. */
  private readonly stopRequested = new AbortController();
  private workdir: KclWorkdir | undefined;
  private bridge: BridgeServer | undefined;
  private daemon: SupervisedProcess | undefined;
  private onProcessorStarted: (() => void) | undefined;
  private supervision: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(options: KclConsumerOptions) {
    this.options = options;
    this.consume = options.consume;
    this.logger = options.logger.child({ stream: options.consume.stream, group: options.consume.group });
    this.timings = { ...AWS_KCL_TIMINGS, ...options.timings };
    this.jarsDir = options.jarsDir ?? DEFAULT_KCL_JARS_DIR;
    this.batches = new KclBatchRunner({
      stream: options.consume.stream,
      handler: options.consume.handler,
      logger: this.logger,
      metrics: options.metrics,
      retryBackoff: options.retryBackoff ?? DEFAULT_BACKOFF,
    });
  }

  /** Resolves once a shard is leased and its processor ready, or the worker joined and others hold every lease. */
  start(): Promise<void> {
    if (this.stopRequested.signal.aborted) {
      return Promise.reject(new Error(`consumer of ${this.consume.stream} was stopped`));
    }
    this.starting ??= this.startOnce();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  /** The daemon's and the record processors' process ids (the processors connected now). */
  get processIds(): KclProcessIds {
    return {
      daemon: this.daemon?.pid,
      recordProcessors: (this.bridge?.connections ?? []).flatMap((connection) =>
        connection.pid === undefined ? [] : [connection.pid],
      ),
    };
  }

  private async startOnce(): Promise<void> {
    const started = Date.now();
    try {
      await assertKclJars(this.jarsDir);
      const workdir = await createKclWorkdir({
        settings: {
          streamName: this.consume.stream,
          applicationName: this.consume.group,
          workerIdentifier: this.workerId,
          regionName: this.options.region,
          kinesisEndpoint: this.options.kinesisEndpoint,
          dynamoDBEndpoint: this.options.dynamodbEndpoint,
          initialPositionInStream: (this.consume.startFrom ?? 'earliest') === 'earliest' ? 'TRIM_HORIZON' : 'LATEST',
          timings: this.timings,
          shutdownGraceMillis: this.stopTimeoutMs(),
        },
        tlsCertFile: this.options.tlsCertFile,
        keytool: jdkCommand('keytool'),
      });
      this.workdir = workdir;
      this.bridge = await BridgeServer.listen(workdir.bridgeSocket, {
        onRequest: (request, connection) => this.onRequest(request, connection),
        onLog: (notice, connection) => {
          this.onLog(notice, connection);
        },
        onProtocolError: (error, connection) => {
          this.logger.error({ err: error, connection: connection.id }, 'unreadable message from a record processor');
        },
      });
      await this.launchAndWaitUntilReady(workdir);
    } catch (error) {
      await this.release();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`KCL consumer ${this.consume.group} could not start on ${this.consume.stream}: ${reason}`, {
        cause: error,
      });
    }
    this.logger.info({ workerId: this.workerId, ms: Date.now() - started }, 'KCL consumer started');
    this.supervision = this.superviseDaemon();
  }

  private async launchAndWaitUntilReady(workdir: KclWorkdir): Promise<void> {
    const processorStarted = new Promise<void>((resolve) => {
      this.onProcessorStarted = resolve;
    });
    const daemon = await this.launchDaemon(workdir);
    const settled = new AbortController();
    const signal = AbortSignal.any([
      this.stopRequested.signal,
      AbortSignal.timeout(this.startTimeout()),
      settled.signal,
    ]);
    const exited = daemon.exited.catch(async (error: unknown) => {
      throw new DaemonExited(await logTail(workdir.daemonLog), error);
    });
    const joined = workerLoopStarted(workdir.schedulerLog, signal).then(async () => {
      // Leases free for the taking are taken right away; when none comes, live workers hold them all.
      await Promise.race([processorStarted, sleep(LEASE_WAIT_MS, undefined, { signal })]);
    });
    try {
      await Promise.race([processorStarted, joined, exited]);
    } catch (error) {
      if (error instanceof DaemonExited) {
        const how = error.cause instanceof Error ? error.cause.message : String(error.cause);
        throw new Error(`${error.message} (${how}); its last log lines:\n${error.tail}`, { cause: error });
      }
      const tail = await logTail(workdir.daemonLog);
      const why = this.stopRequested.signal.aborted ? 'stopped while starting' : 'timed out';
      throw new Error(`${why} waiting for the KCL daemon to take leases; its last log lines:\n${tail}`, {
        cause: error,
      });
    } finally {
      // The losers of the race: stop polling, and let a later daemon exit be the supervisor's business.
      settled.abort();
      joined.catch(() => undefined);
      exited.catch(() => undefined);
    }
  }

  private async launchDaemon(workdir: KclWorkdir): Promise<SupervisedProcess> {
    const daemon = await startKclDaemon({
      workdir,
      jarsDir: this.jarsDir,
      java: this.options.javaCommand ?? jdkCommand('java'),
      jvmOptions: this.options.jvmOptions ?? (await defaultKclJvmOptions(this.jarsDir)),
      env: { ...process.env, AWS_REGION: this.options.region },
      graceMs: KILL_GRACE_MS,
    });
    // A restart that raced stop(): stop() no longer sees it, so it goes here.
    if (this.stopRequested.signal.aborted && this.supervision !== undefined) {
      await daemon.stop();
      throw new Error('consumer stopped while the daemon started');
    }
    this.daemon = daemon;
    return daemon;
  }

  /**
   * Restarts the daemon whenever it exits on its own (a processor that failed
   * takes it down, as does a lost connection to DynamoDB at start), with
   * backoff, for as long as the consumer runs.
   */
  private async superviseDaemon(): Promise<void> {
    const workdir = this.workdir;
    if (workdir === undefined) return;
    await retry(
      async () => {
        const daemon = this.daemon ?? (await this.launchDaemon(workdir));
        try {
          await daemon.exited;
        } catch (error) {
          this.daemon = undefined;
          if (this.stopRequested.signal.aborted) return;
          throw new DaemonExited(await logTail(workdir.daemonLog), error);
        }
      },
      {
        backoff: RESTART_BACKOFF,
        signal: this.stopRequested.signal,
        shouldRetry: () => !this.stopRequested.signal.aborted,
        onRetry: (error, attempt, delayMs) => {
          this.logger.error({ err: error, attempt, delayMs }, 'KCL daemon exited; restarting it');
        },
      },
    ).catch(() => undefined);
  }

  private async onRequest(request: BridgeRequest, connection: BridgeConnection): Promise<void> {
    switch (request.type) {
      case 'initialize':
        connection.shardId = request.shardId;
        connection.pid = request.pid;
        this.logger.info(
          { shard: request.shardId, from: request.sequenceNumber, pid: request.pid },
          'record processor took a shard',
        );
        this.onProcessorStarted?.();
        return;
      case 'records':
        return this.batches.run(request, connection.closed);
      case 'ended':
        this.logger.info({ shard: request.shardId, reason: request.reason }, 'record processor left its shard');
        this.batches.shardLeft(request.shardId);
        return;
    }
  }

  private onLog(notice: LogNotice, connection: BridgeConnection): void {
    const fields = { shard: notice.shardId ?? connection.shardId, pid: connection.pid };
    if (notice.level === 'error') this.logger.error(fields, notice.message);
    else if (notice.level === 'warn') this.logger.warn(fields, notice.message);
    else this.logger.info(fields, notice.message);
  }

  /**
   * SIGTERM to the JVM alone starts the daemon's graceful shutdown: each
   * processor finishes its batch (handled here meanwhile, and checkpointed),
   * gets shutdownRequested and checkpoints, then leaseLost, and exits. The
   * daemon itself then idles until its failover time (a KCL 2.5 quirk), so
   * once every processor is gone it is killed rather than awaited. Past the
   * deadline, batches still retrying are abandoned: their processors are
   * answered failed and exit without checkpointing.
   */
  private async shutdown(): Promise<void> {
    this.stopRequested.abort(new Error(`consumer of ${this.consume.stream} stopping`));
    await this.starting?.catch(() => undefined);
    const daemon = this.daemon;
    const bridge = this.bridge;
    if (daemon !== undefined && bridge !== undefined) {
      try {
        process.kill(daemon.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const decided = new AbortController();
      const graceful = await Promise.race([
        daemon.exited.then(
          () => true,
          () => true,
        ),
        bridge.allDisconnected().then(() => true),
        sleep(this.stopTimeoutMs(), false, { signal: decided.signal }).catch(() => true),
      ]);
      decided.abort();
      if (!graceful) {
        this.logger.warn('KCL daemon did not finish in time; abandoning batches in flight, not checkpointed');
      }
    }
    this.batches.abandon(new Error('consumer stopped before the batch was handled'));
    await this.release();
    await this.supervision;
    this.logger.info('KCL consumer stopped');
  }

  /** Kills whatever runs, closes the bridge and removes the directory. */
  private async release(): Promise<void> {
    await this.daemon?.stop();
    this.daemon = undefined;
    await this.batches.drain();
    await this.bridge?.close();
    this.bridge = undefined;
    if (this.workdir !== undefined) await removeKclWorkdir(this.workdir.dir);
    this.workdir = undefined;
  }

  private startTimeout(): number {
    return this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  }

  private stopTimeoutMs(): number {
    return this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  }
}

/** A JDK tool from JAVA_HOME when set, else from PATH. */
function jdkCommand(tool: 'java' | 'keytool'): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome === undefined || javaHome === '' ? tool : join(javaHome, 'bin', tool);
}
