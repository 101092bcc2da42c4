import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** packages/transport/kcl/jars, where `npm run setup` resolves the daemon (same from src/ and dist/). */
export const DEFAULT_KCL_JARS_DIR = fileURLToPath(new URL('../../../kcl/jars', import.meta.url));

/** Fails with what to run when the MultiLangDaemon jars are not in `dir`. */
export async function assertKclJars(dir: string): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[]);
  if (files.some((file) => file.startsWith('amazon-kinesis-client-multilang-') && file.endsWith('.jar'))) return;
  throw new Error(`the KCL MultiLangDaemon jars are not in ${dir}: run npm run setup (needs Java 17+ and Maven)`);
}
