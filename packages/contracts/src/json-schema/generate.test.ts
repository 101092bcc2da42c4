import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CONTRACTS, type ContractName } from '../contracts.js';
import { generateJsonSchemas, jsonSchemaFileName } from './generate.js';
import { JSON_SCHEMA_DIR } from './write-json-schemas.js';

const regenerate =
  'run `npx tsc -p packages/contracts/tsconfig.json && node packages/contracts/dist/json-schema/write-json-schemas.js`';

describe('committed JSON Schemas', () => {
  const generated = generateJsonSchemas();

  it('exist for exactly the published contracts', async () => {
    const files = (await readdir(JSON_SCHEMA_DIR)).filter((file) => file.endsWith('.json')).sort();
    const expected = (Object.keys(CONTRACTS) as ContractName[]).map(jsonSchemaFileName).sort();
    expect(files, regenerate).toEqual(expected);
  });

  it.each(Object.keys(CONTRACTS) as ContractName[])('%s equals what the zod schema generates now', async (name) => {
    const committed: unknown = JSON.parse(await readFile(join(JSON_SCHEMA_DIR, jsonSchemaFileName(name)), 'utf8'));
    expect(committed, regenerate).toEqual(generated[name]);
  });

  it('declare draft 2020-12', () => {
    for (const schema of Object.values(generated)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('forbid unknown fields in the ingest API and allow them in events', () => {
    expect(generated.IngestTransaction.additionalProperties).toBe(false);
    expect(generated.Transaction.additionalProperties).toEqual({});
  });
});
