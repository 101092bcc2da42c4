import { describe, expect, it } from 'vitest';

import { watermarksBefore } from './watermarks.js';

describe('watermarks before each record of a batch', () => {
  it('is the running maximum from the batch start, never lowered by an older record', () => {
    expect(watermarksBefore(undefined, [5, 3, 9, 7])).toEqual({ before: [undefined, 5, 5, 9], end: 9 });
    expect(watermarksBefore(10, [5, 12])).toEqual({ before: [10, 10], end: 12 });
    expect(watermarksBefore(10, [])).toEqual({ before: [], end: 10 });
  });
});
