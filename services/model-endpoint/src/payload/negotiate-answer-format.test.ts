import { describe, expect, it } from 'vitest';

import { payloadRefusal } from '../test-support/payload-refusal.js';
import { negotiateAnswerFormat } from './negotiate-answer-format.js';

describe('the answer format', () => {
  it.each([
    [undefined, 'text/csv', 'text/csv'],
    [undefined, 'application/json', 'application/json'],
    ['', 'application/json', 'application/json'],
    ['*/*', 'text/csv', 'text/csv'],
    ['*/*', 'application/json', 'application/json'],
    ['text/csv', 'application/json', 'text/csv'],
    ['application/json', 'text/csv', 'application/json'],
    ['Application/JSON; charset=utf-8', 'text/csv', 'application/json'],
    ['text/*', 'application/json', 'text/csv'],
    ['application/*', 'text/csv', 'application/json'],
    ['text/html, application/json', 'text/csv', 'application/json'],
    ['text/csv;q=0.5, application/json', 'text/csv', 'application/json'],
    ['application/json;q=0, */*', 'text/csv', 'text/csv'],
  ] as const)('for Accept %j and a %s request is %s', (accept, request, answer) => {
    expect(negotiateAnswerFormat(accept, request)).toBe(answer);
  });

  it.each(['application/x-recordio-protobuf', 'application/jsonlines', 'text/csv;q=0'])(
    'refuses Accept %s with 406',
    (accept) => {
      expect(payloadRefusal(() => negotiateAnswerFormat(accept, 'text/csv'))).toEqual({
        status: 406,
        message: `Accept ${accept} cannot be met: answers are text/csv or application/json`,
      });
    },
  );
});
