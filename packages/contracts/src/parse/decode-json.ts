export type RecordBytes = Uint8Array | string;

export type DecodedJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

// fatal: malformed UTF-8 is an error, not silently replaced by U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A record's bytes as JSON. The error says what is wrong without quoting the
 * payload (V8's JSON messages include a snippet of it).
 */
export function decodeJson(bytes: RecordBytes): DecodedJson {
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      return { ok: false, message: 'payload is not valid UTF-8' };
    }
  }
  if (text.trim() === '') return { ok: false, message: 'payload is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `payload is not valid JSON${whereJsonFailed(String(error))}` };
  }
}

function whereJsonFailed(v8Message: string): string {
  const position = /at position (\d+)/.exec(v8Message)?.[1];
  if (position !== undefined) return ` (at character ${position})`;
  return v8Message.includes('end of JSON input') ? ' (unexpected end of input)' : '';
}

/** An event as one UTF-8 JSON record, the wire format of every stream. */
export function encodeEvent(event: object): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
