import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import {
  amountMinor,
  cardBin,
  cardLast4,
  cardToken,
  country,
  currency,
  isoTimestamp,
  latitude,
  longitude,
  merchantCategoryCode,
  transactionId,
} from './fields.js';

const cases: [string, z.ZodType, unknown[], unknown[]][] = [
  [
    'timestamp',
    isoTimestamp,
    ['2026-11-22T10:15:30.123Z', '2028-02-29T00:00:00.000Z'],
    [
      '2026-11-22T10:15:30Z',
      '2026-11-22T10:15:30.1234Z',
      '2026-11-22T10:15:30.123+01:00',
      '2026-11-22 10:15:30.123Z',
      '2026-02-30T10:15:30.123Z',
      '2026-11-22T24:00:00.000Z',
      1763806530123,
    ],
  ],
  ['currency', currency, ['EUR', 'USD'], ['eur', 'EU', 'EURO', '978']],
  ['country', country, ['PT', 'US'], ['pt', 'PRT', 'P']],
  ['latitude', latitude, [-90, 0, 90], [-90.0001, 90.5, Number.NaN, Number.POSITIVE_INFINITY, '10']],
  ['longitude', longitude, [-180, 180], [-180.5, 181]],
  ['amountMinor', amountMinor, [1, Number.MAX_SAFE_INTEGER], [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '100']],
  ['transactionId', transactionId, ['t', 'x'.repeat(64)], ['', 'x'.repeat(65)]],
  ['cardToken', cardToken, ['0'.repeat(64), 'a1'.repeat(32)], ['A'.repeat(64), '0'.repeat(63), '4111111111111111']],
  ['cardBin', cardBin, ['411111', '41111111'], ['41111', '411111111', '41111a']],
  ['cardLast4', cardLast4, ['1111'], ['111', '11111', 'abcd']],
  ['merchantCategoryCode', merchantCategoryCode, ['5411'], ['541', '54111', 5411]],
];

describe.each(cases)('%s', (_name, schema, valid, invalid) => {
  it.each(valid.map((value) => [JSON.stringify(value), value]))('accepts %s', (_shown, value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  it.each(invalid.map((value) => [String(value), value]))('refuses %s', (_shown, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});
