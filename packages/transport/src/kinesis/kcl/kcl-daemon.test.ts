import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_KCL_JVM_OPTIONS, defaultKclJvmOptions, logTail, workerLoopStarted } from './kcl-daemon.js';
import { WORKER_LOOP_STARTED } from './logback-config.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcl-daemon-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('logTail', () => {
  it('keeps the last message lines of the daemon log and leaves out stack frames', async () => {
    const log = join(dir, 'daemon.log');
    await writeFile(
      log,
      [
        '2026-11-22 WARN  i.n.channel.DefaultChannelPipeline - An exceptionCaught() event was fired',
        'java.io.IOException: The channel was closed before the protocol could be determined.',
        '\tat software.amazon.awssdk.http.nio.netty.internal.http2.Http2SettingsFrameHandler.channelUnregistered(Http2SettingsFrameHandler.java:58)',
        '\t... 3 common frames omitted',
        '\tSuppressed: software.amazon.awssdk.core.exception.SdkClientException: Request attempt 1 failure',
        '',
      ].join('\n'),
    );

    expect(await logTail(log, 2)).toBe(
      [
        'java.io.IOException: The channel was closed before the protocol could be determined.',
        '\tSuppressed: software.amazon.awssdk.core.exception.SdkClientException: Request attempt 1 failure',
      ].join('\n'),
    );
    expect(await logTail(join(dir, 'missing.log'))).toBe('');
  });
});

describe('workerLoopStarted', () => {
  it('resolves once the Scheduler logged that its worker loop started', async () => {
    const log = join(dir, 'scheduler.log');
    await writeFile(log, 'INFO Initializing LeaseCoordinator attempt 1\n');
    let started = false;
    const waiting = workerLoopStarted(log, new AbortController().signal, 10).then(() => {
      started = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(false);

    await appendFile(log, `INFO ${WORKER_LOOP_STARTED}\n`);
    await waiting;
    expect(started).toBe(true);
  });

  it('rejects with the abort reason when aborted first', async () => {
    const controller = new AbortController();
    const waiting = workerLoopStarted(join(dir, 'scheduler.log'), controller.signal, 10);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
  });
});

describe('defaultKclJvmOptions', () => {
  it('adds the class-data-sharing archive when setup dumped one beside the jars, and nothing otherwise', async () => {
    expect(await defaultKclJvmOptions(dir)).toEqual(DEFAULT_KCL_JVM_OPTIONS);
    await writeFile(join(dir, 'classes.jsa'), '');
    expect(await defaultKclJvmOptions(dir)).toEqual([
      ...DEFAULT_KCL_JVM_OPTIONS,
      `-XX:SharedArchiveFile=${join(dir, 'classes.jsa')}`,
    ]);
  });
});
