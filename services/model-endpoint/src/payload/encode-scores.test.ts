import { describe, expect, it } from 'vitest';

import { encodeScores } from './encode-scores.js';

const scores = new Float32Array([0.8565710783004761, 0.007313017267733812, 0]);

describe('the answer body', () => {
  it('is one score per line as text/csv, every line ending in a newline', () => {
    expect(encodeScores(scores, 'text/csv')).toBe('0.8565710783004761\n0.007313017267733812\n0\n');
  });

  it('is {"predictions": [{"score": s}, ...]} as application/json', () => {
    expect(JSON.parse(encodeScores(scores, 'application/json'))).toEqual({
      predictions: [{ score: 0.8565710783004761 }, { score: 0.007313017267733812 }, { score: 0 }],
    });
  });

  it('writes each float32 score widened to a double, so it reads back as the same float32', () => {
    const [line] = encodeScores(new Float32Array([0.1]), 'text/csv').split('\n');
    expect(line).toBe('0.10000000149011612');
    expect(Math.fround(Number(line))).toBe(Math.fround(0.1));
  });
});
