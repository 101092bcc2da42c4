/**
 * The watermark before each record of a batch (its partition's highest event
 * time among the records before it), from the watermark before the batch.
 * A running maximum in partition order: the same whatever order the records
 * are then processed in.
 */
export function watermarksBefore(
  startMs: number | undefined,
  timesMs: readonly number[],
): { before: (number | undefined)[]; end: number | undefined } {
  const before: (number | undefined)[] = [];
  let current = startMs;
  for (const time of timesMs) {
    before.push(current);
    if (current === undefined || time > current) current = time;
  }
  return { before, end: current };
}
