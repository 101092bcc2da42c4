import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from './create-logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const text = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines, text };
}

describe('createLogger', () => {
  it('never writes a PAN or CVV, whether in fields, message, error or bindings', () => {
    const out = capture();
    const logger = createLogger({ service: 'producer', destination: out.stream });
    logger.info({ transaction: { pan: '4111111111111111', cvv: '737', amountMinor: 1250 } }, 'accepted');
    logger.warn('rejected card 4111 1111 1111 1111 with cvv');
    logger.error(new Error('lookup failed for 5555555555554444'));
    logger.child({ request: { cvc: '123' } }).info('child');

    const text = out.text();
    for (const secret of ['4111111111111111', '4111 1111 1111 1111', '5555555555554444', '737', '"123"']) {
      expect(text).not.toContain(secret);
    }
    const [first, second, third, fourth] = out.lines();
    expect(first).toMatchObject({
      level: 'info',
      service: 'producer',
      msg: 'accepted',
      transaction: { pan: '[REDACTED]', cvv: '[REDACTED]', amountMinor: 1250 },
    });
    expect(second).toMatchObject({ level: 'warn', msg: 'rejected card [PAN …1111] with cvv' });
    expect(third).toMatchObject({
      level: 'error',
      msg: 'lookup failed for [PAN …4444]',
      err: { type: 'Error', message: 'lookup failed for [PAN …4444]' },
    });
    expect(fourth).toMatchObject({ request: { cvc: '[REDACTED]' }, msg: 'child' });
  });

  it('writes one JSON object per line with ISO time and level names', () => {
    const out = capture();
    createLogger({ service: 'alerting', destination: out.stream, level: 'debug' }).debug({ n: 1 }, 'hello');
    const [line] = out.lines();
    expect(line).toEqual({
      level: 'debug',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      service: 'alerting',
      n: 1,
      msg: 'hello',
    });
  });
});
