import type { z } from 'zod';

import type { ContractIssue } from './contract-error.js';

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/**
 * Messages for the issues no schema words itself. Passed per parse, so
 * schema-specific messages win and the process-wide zod config is untouched.
 */
export const genericMessages: z.core.$ZodErrorMap = (issue) => {
  // JSON has no undefined: a field that is undefined was left out.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return 'required';
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, received ${received(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed forms';
    default:
      return undefined;
  }
};

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Zod's issues as one entry per invalid field, in the order zod found them. */
export function toContractIssues(issues: readonly z.core.$ZodIssue[]): ContractIssue[] {
  return issues.flatMap((issue): ContractIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: dotted([...issue.path, key]), message: 'unknown field' }))
      : [{ path: dotted(issue.path), message: issue.message }],
  );
}
