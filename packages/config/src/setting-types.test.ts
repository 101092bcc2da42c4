import { describe, expect, it } from 'vitest';

import { nonNegativeIntSetting, positiveIntSetting } from './setting-types.js';

describe('integer settings', () => {
  it('nonNegativeIntSetting takes 0 and positive integers, and names what it wants otherwise', () => {
    expect(nonNegativeIntSetting.parse('0')).toBe(0);
    expect(nonNegativeIntSetting.parse('3')).toBe(3);
    for (const bad of ['-1', '1.5', 'one']) {
      expect(nonNegativeIntSetting.safeParse(bad).error?.issues[0]?.message).toBe('must be an integer >= 0');
    }
  });

  it('positiveIntSetting refuses 0', () => {
    expect(positiveIntSetting.safeParse('0').error?.issues[0]?.message).toBe('must be a positive integer');
  });
});
