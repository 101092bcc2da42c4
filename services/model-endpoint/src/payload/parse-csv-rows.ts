import type { FeatureMatrix } from './feature-matrix.js';
import { PayloadError } from './payload-error.js';
import { columnCountProblem, quoteCell, tooManyRowsProblem, valueProblem, type RowShape } from './row-shape.js';

// A decimal number as written in CSV: no hex, no 'Infinity', no empty cell
// (Number() would read '' as 0 and '0x1f' as 31).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_A_NUMBER = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * `text/csv` as SageMaker's built-in XGBoost container takes it: one row per
 * line, no header, no label column, the features in the manifest's order.
 * Leading and trailing blank lines are ignored (a final newline is usual);
 * CRLF line ends are accepted. The first problem found is the reason given.
 */
export function parseCsvRows(text: string, shape: RowShape): FeatureMatrix {
  const { featureNames, maxRows } = shape;
  const width = featureNames.length;
  const trimmed = text.trim();
  if (trimmed === '') throw new PayloadError(400, 'the body holds no rows: send one row of numbers per line');
  const lines = trimmed.split(/\r?\n/);
  if (lines.length > maxRows) throw new PayloadError(413, tooManyRowsProblem(lines.length, maxRows));

  const values = new Float32Array(lines.length * width);
  lines.forEach((line, index) => {
    const row = `row ${index + 1}`;
    if (line.trim() === '') throw new PayloadError(400, `${row} is empty`);
    const cells = line.split(',');
    if (cells.length !== width) throw new PayloadError(400, columnCountProblem(row, cells.length, featureNames));
    cells.forEach((raw, column) => {
      const where = `${row}, column ${column + 1} (${featureNames[column] ?? ''})`;
      const cell = raw.trim();
      if (cell === '') throw new PayloadError(400, `${where} is empty`);
      if (NOT_A_NUMBER.test(cell)) {
        throw new PayloadError(400, `${where} is ${quoteCell(cell)}; every feature must be a finite number`);
      }
      if (!DECIMAL.test(cell)) throw new PayloadError(400, `${where} is not a number: ${quoteCell(cell)}`);
      const value = Number(cell);
      const problem = valueProblem(value);
      if (problem !== undefined) throw new PayloadError(400, `${where} ${problem}`);
      values[index * width + column] = value;
    });
  });
  return { rows: lines.length, width, values };
}
