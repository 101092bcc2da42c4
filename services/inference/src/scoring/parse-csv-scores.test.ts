import { describe, expect, it } from 'vitest';

import { MalformedResponseError } from './malformed-response-error.js';
import { parseCsvScores } from './parse-csv-scores.js';

function refusal(body: string, rows: number): string {
  try {
    parseCsvScores(body, rows);
  } catch (error) {
    if (error instanceof MalformedResponseError) return error.message;
    throw error;
  }
  throw new Error('the answer was accepted');
}

describe('parseCsvScores', () => {
  it('reads one score per line, as the model endpoint and current XGBoost containers answer', () => {
    expect(parseCsvScores('0.8565710783004761\n0.007313017267733812\n', 2)).toEqual([
      0.8565710783004761, 0.007313017267733812,
    ]);
    expect(parseCsvScores('0.5\r\n1\r\n0\r\n', 3)).toEqual([0.5, 1, 0]);
  });

  it('reads one line of comma-separated scores, as older XGBoost containers answer', () => {
    expect(parseCsvScores('0.25,0.75,1e-7', 3)).toEqual([0.25, 0.75, 1e-7]);
    expect(parseCsvScores('0.25', 1)).toEqual([0.25]);
  });

  it('refuses another number of scores than rows sent', () => {
    expect(refusal('0.1\n0.2\n', 3)).toBe('expected 3 score(s), got 2: "0.1\\n0.2\\n"');
    expect(refusal('', 1)).toBe('expected 1 score(s), got 0: ""');
  });

  it('refuses scores outside [0, 1], non-numbers and blanks', () => {
    expect(refusal('0.1\n1.5\n', 2)).toBe('score 2 is not a number in [0, 1]: "1.5"');
    expect(refusal('-0.1\n', 1)).toBe('score 1 is not a number in [0, 1]: "-0.1"');
    expect(refusal('nan\n', 1)).toBe('score 1 is not a number in [0, 1]: "nan"');
    expect(refusal('0.1,,0.2', 3)).toBe('score 2 is not a number in [0, 1]: ""');
    expect(refusal('<html>Bad Gateway</html>', 1)).toBe(
      'score 1 is not a number in [0, 1]: "<html>Bad Gateway</html>"',
    );
  });
});
