import type { z } from 'zod';

import type { KnownFields } from '../known-fields.js';
import { ContractError, type ParseResult } from './contract-error.js';
import { genericMessages, toContractIssues } from './contract-issues.js';
import { decodeJson, type RecordBytes } from './decode-json.js';

/** A named schema and the one way to check a payload against it. */
export interface Contract<T> {
  readonly name: string;
  readonly schema: z.ZodType;
  /** Checks a parsed JSON value. A plain function: pass it around unbound. */
  readonly parse: (input: unknown) => ParseResult<T>;
  /** Checks a record's raw bytes: UTF-8, then JSON, then the schema. */
  readonly decode: (bytes: RecordBytes) => ParseResult<T>;
}

export interface ContractOptions {
  /**
   * For a union: the member an input is meant as, so its errors describe that
   * member rather than every alternative.
   */
  readonly schemaFor?: (input: unknown) => z.ZodType;
}

export function defineContract<S extends z.ZodType>(
  name: string,
  schema: S,
  options: ContractOptions = {},
): Contract<KnownFields<z.output<S>>> {
  type T = KnownFields<z.output<S>>;
  const parse = (input: unknown): ParseResult<T> => {
    const result = (options.schemaFor?.(input) ?? schema).safeParse(input, { error: genericMessages });
    if (result.success) return { ok: true, value: result.data as T };
    return { ok: false, error: new ContractError(name, toContractIssues(result.error.issues)) };
  };
  const decode = (bytes: RecordBytes): ParseResult<T> => {
    const json = decodeJson(bytes);
    if (!json.ok) return { ok: false, error: new ContractError(name, [{ path: '', message: json.message }]) };
    return parse(json.value);
  };
  return { name, schema, parse, decode };
}

/** Decodes a record against any contract; for code that handles every stream alike, such as dead-lettering. */
export function decodeEvent<T>(contract: Contract<T>, bytes: RecordBytes): ParseResult<T> {
  return contract.decode(bytes);
}
