/** What a parser needs to know of the model: its feature order, and the request limit. */
export interface RowShape {
  featureNames: readonly string[];
  maxRows: number;
}

export function columnCountProblem(row: string, columns: number, featureNames: readonly string[]): string {
  return (
    `${row} has ${columns} column${columns === 1 ? '' : 's'}; the model takes ${featureNames.length}, ` +
    `in this order: ${featureNames.join(', ')}`
  );
}

export function tooManyRowsProblem(rows: number, maxRows: number): string {
  return `${rows} rows; at most ${maxRows} per request (INVOCATION_MAX_ROWS)`;
}

/** A cell's text for a message: short, and never more than a line. */
export function quoteCell(text: string): string {
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return JSON.stringify(shown);
}

/**
 * Why a number cannot be a feature value, or undefined. The model computes
 * in float32, so a finite double beyond its range would become infinite.
 */
export function valueProblem(value: number): string | undefined {
  if (Number.isNaN(value)) return 'is NaN; every feature must be a finite number';
  if (!Number.isFinite(value)) return 'is infinite; every feature must be a finite number';
  if (!Number.isFinite(Math.fround(value))) return `(${value}) is beyond the float32 range of the model`;
  return undefined;
}
