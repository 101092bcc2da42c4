import { describe, expect, it } from 'vitest';

import { payloadRefusal } from '../test-support/payload-refusal.js';
import { decodePayload, requestFormat } from './decode-payload.js';

const shape = { featureNames: ['a', 'b'], maxRows: 10 };
const SEND = 'send text/csv (one row per line, no header) or application/json ({"instances": [[...], ...]})';

describe('the request format', () => {
  it.each([
    ['text/csv', 'text/csv'],
    ['Text/CSV; charset=utf-8', 'text/csv'],
    ['text/csv;label_size=1', 'text/csv'],
    ['application/json', 'application/json'],
    ['application/json; charset=UTF-8', 'application/json'],
    [undefined, 'text/csv'],
    ['', 'text/csv'],
  ])('of Content-Type %j is %s', (contentType, format) => {
    expect(requestFormat(contentType)).toBe(format);
  });

  it.each(['application/octet-stream', 'text/plain', 'application/x-recordio-protobuf', 'text/libsvm'])(
    'refuses Content-Type %s with 415',
    (contentType) => {
      expect(payloadRefusal(() => requestFormat(contentType))).toEqual({
        status: 415,
        message: `Content-Type ${contentType} is not supported; ${SEND}`,
      });
    },
  );
});

describe('the request body', () => {
  it('is parsed as the format says', () => {
    const csv = decodePayload(new TextEncoder().encode('1,2\n'), 'text/csv', shape);
    const json = decodePayload(new TextEncoder().encode('{"instances": [[1, 2]]}'), 'application/json', shape);
    expect([csv, json]).toEqual([
      { rows: 1, width: 2, values: new Float32Array([1, 2]) },
      { rows: 1, width: 2, values: new Float32Array([1, 2]) },
    ]);
  });

  it('skips a UTF-8 byte order mark', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('3,4')]);
    expect(decodePayload(body, 'text/csv', shape).values).toEqual(new Float32Array([3, 4]));
  });

  it.each([
    ['absent', undefined],
    ['of no bytes', new Uint8Array()],
  ])('refuses a body %s with 400', (_case, body) => {
    expect(payloadRefusal(() => decodePayload(body, 'application/json', shape))).toEqual({
      status: 400,
      message: `empty body; ${SEND}`,
    });
  });

  it('refuses bytes that are not UTF-8 with 400', () => {
    expect(payloadRefusal(() => decodePayload(new Uint8Array([0x31, 0x2c, 0xff]), 'text/csv', shape))).toEqual({
      status: 400,
      message: 'the body is not UTF-8 text',
    });
  });
});
