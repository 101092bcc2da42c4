import { MalformedResponseError } from './malformed-response-error.js';

// A decimal number as the XGBoost container and the model endpoint write scores; no 'nan', hex or blanks.
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The scores of a `text/csv` answer, strictly: one per row sent, each a
 * number in [0, 1]. Current XGBoost containers (and the model endpoint)
 * answer one score per line; older ones one line of comma-separated scores.
 * A final newline and CRLF line ends are accepted.
 */
export function parseCsvScores(body: string, rows: number): number[] {
  const text = body.replace(/\r?\n$/, '');
  const cells = text.includes('\n') ? text.split(/\r?\n/) : text.split(',');
  if (text === '' || cells.length !== rows) {
    throw new MalformedResponseError(
      `expected ${rows} score(s), got ${text === '' ? 0 : cells.length}: ${preview(body)}`,
    );
  }
  return cells.map((cell, index) => {
    const trimmed = cell.trim();
    const score = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(score >= 0 && score <= 1)) {
      throw new MalformedResponseError(`score ${index + 1} is not a number in [0, 1]: ${preview(cell)}`);
    }
    return score;
  });
}

/** The start of an unexpected answer, for the error: enough to recognise an error page. */
function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
