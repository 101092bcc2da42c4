import { z } from 'zod';

import { CONTRACTS, type ContractName } from '../contracts.js';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of every contract, by contract name, for
 * other languages and tools. Derived from the zod schemas, never edited by
 * hand. Refinements that JSON Schema cannot state (the Luhn check, the
 * copied transaction fields agreeing, `confirmedAt` not before `timestamp`)
 * are enforced by the zod parsers only.
 */
export function generateJsonSchemas(): Record<ContractName, JsonSchema> {
  const schemas = {} as Record<ContractName, JsonSchema>;
  for (const name of Object.keys(CONTRACTS) as ContractName[]) {
    // `input`: what a producer must send, which is what other tools validate.
    schemas[name] = z.toJSONSchema(CONTRACTS[name].schema, { target: 'draft-2020-12', io: 'input' });
  }
  return schemas;
}

/** The file a contract's JSON Schema is committed as, inside `packages/contracts/json-schema/`. */
export function jsonSchemaFileName(name: ContractName): string {
  return `${name}.schema.json`;
}

/** The committed text of a schema: two-space JSON with a final newline. */
export function formatJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
