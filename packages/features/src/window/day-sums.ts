/** Per-field sums of the entries whose UTC day lies in [from, to]: the day horizons' one aggregation. */
export function sumDays<T extends { readonly day: number }, K extends keyof T>(
  entries: Iterable<T>,
  from: number,
  to: number,
  fields: readonly K[],
): Record<K, number> {
  const sums = Object.fromEntries(fields.map((field) => [field, 0])) as Record<K, number>;
  for (const entry of entries) {
    if (entry.day < from || entry.day > to) continue;
    for (const field of fields) sums[field] += Number(entry[field]);
  }
  return sums;
}
