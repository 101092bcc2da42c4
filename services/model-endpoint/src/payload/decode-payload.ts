import type { FeatureMatrix } from './feature-matrix.js';
import { PayloadError } from './payload-error.js';
import { mediaTypeOf, type PayloadFormat } from './payload-format.js';
import { parseCsvRows } from './parse-csv-rows.js';
import { parseJsonInstances } from './parse-json-instances.js';
import type { RowShape } from './row-shape.js';

const SEND = 'send text/csv (one row per line, no header) or application/json ({"instances": [[...], ...]})';

/** Throws on bytes that are not UTF-8, rather than scoring replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request's format: its Content-Type; none means text/csv, as SageMaker's built-in XGBoost container assumes. */
export function requestFormat(contentType: string | undefined): PayloadFormat {
  const mediaType = mediaTypeOf(contentType) ?? 'text/csv';
  if (mediaType === 'text/csv' || mediaType === 'application/json') return mediaType;
  throw new PayloadError(415, `Content-Type ${mediaType} is not supported; ${SEND}`);
}

/** The rows of an /invocations body in `format`, or a PayloadError with the status and reason to answer. */
export function decodePayload(body: Uint8Array | undefined, format: PayloadFormat, shape: RowShape): FeatureMatrix {
  // SageMaker's XGBoost container answers 204 to an empty body; a client that sends none has a bug worth a 400.
  if (body === undefined || body.length === 0) throw new PayloadError(400, `empty body; ${SEND}`);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new PayloadError(400, 'the body is not UTF-8 text');
  }
  return format === 'text/csv' ? parseCsvRows(text, shape) : parseJsonInstances(text, shape);
}
