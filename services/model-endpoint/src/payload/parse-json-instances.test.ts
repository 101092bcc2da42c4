import { describe, expect, it } from 'vitest';

import { payloadRefusal } from '../test-support/payload-refusal.js';
import { parseJsonInstances } from './parse-json-instances.js';

const shape = { featureNames: ['count', 'amount', 'distance'], maxRows: 2 };
const ORDER = 'the model takes 3, in this order: count, amount, distance';

describe('application/json instances', () => {
  it('reads {"instances": [[...], ...]} in the given order into a float32 matrix', () => {
    expect(parseJsonInstances('{"instances": [[1, 2.5, -300], [0.25, 0.5, 7]]}', shape)).toEqual({
      rows: 2,
      width: 3,
      values: new Float32Array([1, 2.5, -300, 0.25, 0.5, 7]),
    });
  });

  it('reads SageMaker\'s common format {"instances": [{"features": [...]}]}, mixed with plain rows', () => {
    const matrix = parseJsonInstances('{"instances": [{"features": [1, 2, 3]}, [4, 5, 6]]}', shape);
    expect(matrix.values).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it.each([
    [
      '{"instances": [[1, 2',
      "the body is not JSON (Expected ',' or ']' after array element in JSON at position 20 (line 1 column 21))",
    ],
    ['[[1, 2, 3]]', 'the body must be {"instances": [[...], ...]} or {"instances": [{"features": [...]}, ...]}'],
    [
      '{"rows": [[1, 2, 3]]}',
      'the body must be {"instances": [[...], ...]} or {"instances": [{"features": [...]}, ...]}',
    ],
    ['{"instances": []}', 'instances is empty: send at least one row'],
    ['{"instances": [[1, 2, 3], 4]}', 'row 2 (instances[1]) must be an array of numbers or {"features": [...]}'],
    ['{"instances": [[1, 2]]}', `row 1 (instances[0]) has 2 columns; ${ORDER}`],
    ['{"instances": [{"features": [1, 2, 3, 4]}]}', `row 1 (instances[0].features) has 4 columns; ${ORDER}`],
    ['{"instances": [[1, "2", 3]]}', 'row 1, column 2 (instances[0][1], amount) is not a number: "\\"2\\""'],
    ['{"instances": [[1, 2, null]]}', 'row 1, column 3 (instances[0][2], distance) is not a number: "null"'],
    [
      '{"instances": [[1, 2, 3], {"features": [1, 1e999, 3]}]}',
      'row 2, column 2 (instances[1].features[1], amount) is infinite; every feature must be a finite number',
    ],
    [
      '{"instances": [[1, 2, -1e39]]}',
      'row 1, column 3 (instances[0][2], distance) (-1e+39) is beyond the float32 range of the model',
    ],
  ])('refuses %s with 400: %s', (text, message) => {
    expect(payloadRefusal(() => parseJsonInstances(text, shape))).toEqual({ status: 400, message });
  });

  it('refuses more instances than the limit with 413', () => {
    expect(payloadRefusal(() => parseJsonInstances('{"instances": [[1, 2, 3], [1, 2, 3], [1, 2, 3]]}', shape))).toEqual(
      {
        status: 413,
        message: '3 rows; at most 2 per request (INVOCATION_MAX_ROWS)',
      },
    );
  });
});
