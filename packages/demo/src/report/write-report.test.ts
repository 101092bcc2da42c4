import { describe, expect, it } from 'vitest';

import { reportDirectory } from './write-report.js';

describe('the report directory', () => {
  it('is reports/demo-<UTC time to the second> under the root, without characters a file system refuses', () => {
    expect(reportDirectory(new Date('2026-11-22T18:04:05.678Z'), '/repo')).toBe(
      '/repo/reports/demo-2026-11-22T18-04-05Z',
    );
  });
});
