import { Writable } from 'node:stream';

import { logLevel } from 'kafkajs';
import { pino, type LevelWithSilent } from 'pino';
import { describe, expect, it } from 'vitest';

import { kafkaLogLevel, pinoLogCreator } from './kafka-log-creator.js';

function capturingLogger(level: LevelWithSilent) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level, base: null, timestamp: false }, destination), lines };
}

describe('pinoLogCreator', () => {
  it('maps ERROR→error, WARN→warn, INFO→debug, DEBUG→trace, with the namespace and fields', () => {
    const { logger, lines } = capturingLogger('trace');
    const write = pinoLogCreator(logger)(logLevel.DEBUG);
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Runner',
      level,
      label: 'X',
      log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, groupId: 'g' },
    });

    write(entry(logLevel.ERROR, 'crashed'));
    write(entry(logLevel.WARN, 'rebalancing'));
    write(entry(logLevel.INFO, 'joined'));
    write(entry(logLevel.DEBUG, 'fetching'));

    expect(lines).toEqual([
      { level: 50, component: 'kafkajs', namespace: 'Runner', groupId: 'g', msg: 'crashed' },
      { level: 40, component: 'kafkajs', namespace: 'Runner', groupId: 'g', msg: 'rebalancing' },
      { level: 20, component: 'kafkajs', namespace: 'Runner', groupId: 'g', msg: 'joined' },
      { level: 10, component: 'kafkajs', namespace: 'Runner', groupId: 'g', msg: 'fetching' },
    ]);
  });

  it('logs an error response of the connection, which kafkajs retries, as a warning', () => {
    const { logger, lines } = capturingLogger('info');
    pinoLogCreator(logger)(logLevel.INFO)({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: '2026-01-01T00:00:00.000Z',
        logger: 'kafkajs',
        message: 'Response InitProducerId(key: 22, version: 1)',
        error: "The coordinator is loading and hence can't process requests for this group",
      },
    });
    expect(lines).toEqual([
      {
        level: 40,
        component: 'kafkajs',
        namespace: 'Connection',
        error: "The coordinator is loading and hence can't process requests for this group",
        msg: 'Response InitProducerId(key: 22, version: 1)',
      },
    ]);
  });
});

describe('kafkaLogLevel', () => {
  it('asks kafkajs for no more than the pino level prints', () => {
    const levels: LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
    expect(levels.map((level) => kafkaLogLevel(pino({ level })))).toEqual([
      logLevel.DEBUG,
      logLevel.INFO,
      logLevel.WARN,
      logLevel.WARN,
      logLevel.ERROR,
      logLevel.NOTHING,
      logLevel.NOTHING,
    ]);
  });
});
