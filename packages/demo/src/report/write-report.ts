import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { repoRoot } from '@fraud/testing';

import type { DemoReport } from './demo-report.js';
import { markdownReport } from './markdown-report.js';

/** `reports/demo-<UTC time>/` under the repository, e.g. `reports/demo-2026-11-22T18-04-05Z`. */
export function reportDirectory(at: Date, root = repoRoot()): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return join(root, 'reports', `demo-${stamp}`);
}

/** Writes `report.json` and `report.md` into a new directory and returns its path. */
export async function writeReport(
  report: DemoReport,
  directory = reportDirectory(new Date(report.run.finishedAt)),
): Promise<string> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(directory, 'report.md'), markdownReport(report));
  return directory;
}
