import { describe, expect, it } from 'vitest';

import { payloadRefusal } from '../test-support/payload-refusal.js';
import { parseCsvRows } from './parse-csv-rows.js';

const shape = { featureNames: ['count', 'amount', 'distance'], maxRows: 3 };
const ORDER = 'the model takes 3, in this order: count, amount, distance';

describe('text/csv rows', () => {
  it('reads one row per line in the given order into a float32 matrix', () => {
    const matrix = parseCsvRows('1,2.5,-3e2\n0.25,.5,+7\n', shape);
    expect(matrix).toEqual({ rows: 2, width: 3, values: new Float32Array([1, 2.5, -300, 0.25, 0.5, 7]) });
  });

  it('accepts CRLF line ends, spaces around cells and blank lines before and after the rows', () => {
    const matrix = parseCsvRows('\r\n 1 , 2 ,3\r\n4,5,6\r\n\r\n', shape);
    expect(matrix.values).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it('rounds each value to float32, as the model reads it', () => {
    expect(parseCsvRows('0.1,9440.227516,16777217', shape).values).toEqual(
      new Float32Array([Math.fround(0.1), Math.fround(9440.227516), 16777216]),
    );
  });

  it.each([
    ['1,2\n', `row 1 has 2 columns; ${ORDER}`],
    ['1,2,3\n4,5,6,7\n', `row 2 has 4 columns; ${ORDER}`],
    ['1,2,3\n\n4,5,6', 'row 2 is empty'],
    ['1,abc,3', 'row 1, column 2 (amount) is not a number: "abc"'],
    ['1,2,', 'row 1, column 3 (distance) is empty'],
    ['1,0x1f,3', 'row 1, column 2 (amount) is not a number: "0x1f"'],
    ['1,"2",3', 'row 1, column 2 (amount) is not a number: "\\"2\\""'],
    ['NaN,2,3', 'row 1, column 1 (count) is "NaN"; every feature must be a finite number'],
    ['1,-Infinity,3', 'row 1, column 2 (amount) is "-Infinity"; every feature must be a finite number'],
    ['1,2,inf', 'row 1, column 3 (distance) is "inf"; every feature must be a finite number'],
    ['1,2,1e400', 'row 1, column 3 (distance) is infinite; every feature must be a finite number'],
    ['1,2,1e39', 'row 1, column 3 (distance) (1e+39) is beyond the float32 range of the model'],
    [' \n\r\n ', 'the body holds no rows: send one row of numbers per line'],
  ])('refuses %j with 400: %s', (text, message) => {
    expect(payloadRefusal(() => parseCsvRows(text, shape))).toEqual({ status: 400, message });
  });

  it('refuses more rows than the limit with 413 before reading them', () => {
    expect(payloadRefusal(() => parseCsvRows('1,2,3\n1,2,3\n1,2,3\nnot,even,read\n', shape))).toEqual({
      status: 413,
      message: '4 rows; at most 3 per request (INVOCATION_MAX_ROWS)',
    });
  });

  it('shortens a long cell in the reason', () => {
    expect(payloadRefusal(() => parseCsvRows(`1,${'x'.repeat(100)},3`, shape)).message).toBe(
      `row 1, column 2 (amount) is not a number: "${'x'.repeat(24)}…"`,
    );
  });
});
