import { PayloadError } from './payload-error.js';
import { mediaTypeOf, type PayloadFormat } from './payload-format.js';

interface MediaRange {
  type: string;
  quality: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((range) => {
      const quality = /;\s*q\s*=\s*([\d.]+)/i.exec(range)?.[1];
      return { type: mediaTypeOf(range) ?? '', quality: quality === undefined ? 1 : Number(quality) };
    })
    .filter((range) => range.type !== '' && range.quality > 0)
    .sort((a, b) => b.quality - a.quality);
}

function formatFor(type: string, requestFormat: PayloadFormat): PayloadFormat | undefined {
  if (type === 'text/csv' || type === 'text/*') return 'text/csv';
  if (type === 'application/json' || type === 'application/*') return 'application/json';
  if (type === '*/*') return requestFormat;
  return undefined;
}

/**
 * The answer's format from the Accept header. Without one (or with `*\/*`)
 * the answer takes the request's format: for text/csv, the text/csv that
 * SageMaker's built-in XGBoost container answers by default.
 */
export function negotiateAnswerFormat(accept: string | undefined, requestFormat: PayloadFormat): PayloadFormat {
  if (accept === undefined || accept.trim() === '') return requestFormat;
  for (const range of mediaRanges(accept)) {
    const format = formatFor(range.type, requestFormat);
    if (format !== undefined) return format;
  }
  throw new PayloadError(406, `Accept ${accept} cannot be met: answers are text/csv or application/json`);
}
