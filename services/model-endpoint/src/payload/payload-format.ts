/** The formats a request body and an answer can take, as SageMaker content types. */
export type PayloadFormat = 'text/csv' | 'application/json';

/** `text/csv; charset=utf-8` → `text/csv`; undefined when the header is absent or blank. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const essence = header?.split(';')[0]?.trim().toLowerCase();
  return essence === undefined || essence === '' ? undefined : essence;
}
