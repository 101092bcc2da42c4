import type { ContractIssue, IngestTransaction } from '@fraud/contracts';

/** One problem of a request as the API reports it: the field (dotted path) and what is wrong. */
export interface IngestProblem {
  field: string;
  message: string;
}

/** The body is named `body` when the problem is the whole payload (not JSON, empty). */
export function toIngestProblems(issues: readonly ContractIssue[]): IngestProblem[] {
  return issues.map(({ path, message }) => ({ field: path === '' ? 'body' : path, message }));
}

/**
 * A client's transactionId is its idempotency key: two transactions of one
 * request with the same id would be one transaction downstream, the second
 * silently lost. Each repeat is named by its position.
 */
export function duplicateTransactionIds(transactions: readonly IngestTransaction[], batch: boolean): IngestProblem[] {
  const firstAt = new Map<string, number>();
  const problems: IngestProblem[] = [];
  for (const [index, { transactionId }] of transactions.entries()) {
    if (transactionId === undefined) continue;
    const first = firstAt.get(transactionId);
    if (first === undefined) {
      firstAt.set(transactionId, index);
      continue;
    }
    const field = batch ? `transactions.${index}.transactionId` : 'transactionId';
    problems.push({ field, message: `repeats transactions.${first}.transactionId in this request` });
  }
  return problems;
}
