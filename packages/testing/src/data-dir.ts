import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for one infrastructure process's data and logs. */
export async function makeDataDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fraud-infra-${name}-`));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
