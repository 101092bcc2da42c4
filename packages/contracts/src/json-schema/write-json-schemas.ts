import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ContractName } from '../contracts.js';
import { formatJsonSchema, generateJsonSchemas, jsonSchemaFileName } from './generate.js';

/** `packages/contracts/json-schema/`, found from this file whether it runs from `src/` or `dist/`. */
export const JSON_SCHEMA_DIR = fileURLToPath(new URL('../../json-schema/', import.meta.url));

/** Writes every contract's JSON Schema into `dir`, returning the files written. */
export async function writeJsonSchemas(dir: string = JSON_SCHEMA_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const schemas = generateJsonSchemas();
  for (const name of Object.keys(schemas) as ContractName[]) {
    const file = join(dir, jsonSchemaFileName(name));
    await writeFile(file, formatJsonSchema(schemas[name]));
    written.push(file);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await writeJsonSchemas();
  console.log(`wrote ${written.length} JSON Schemas to ${JSON_SCHEMA_DIR}`);
}
