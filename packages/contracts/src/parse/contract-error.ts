/** One invalid field: its dotted path (`location.lat`, `transactions.2.pan`; empty for the whole payload) and what is wrong. */
export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A payload that does not satisfy a contract. The message names every
 * invalid field on one line, so a log line or a 400 answer is enough to fix
 * the payload. It never quotes a value: a value can be a card number.
 */
export class ContractError extends Error {
  readonly contract: string;
  readonly issues: readonly ContractIssue[];

  constructor(contract: string, issues: readonly ContractIssue[]) {
    super(`invalid ${contract}: ${issues.map(formatIssue).join('; ')}`);
    this.name = 'ContractError';
    this.contract = contract;
    this.issues = issues;
  }

  toJSON(): { contract: string; message: string; issues: readonly ContractIssue[] } {
    return { contract: this.contract, message: this.message, issues: this.issues };
  }
}

function formatIssue(issue: ContractIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };
