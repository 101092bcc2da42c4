/**
 * The indices of a batch's records split by key, each key's in batch order
 * and the keys in order of first appearance. Keys are independent (every
 * stage is keyed by card token), so groups may run concurrently; within one,
 * order is the card's event order and must hold.
 */
export function groupIndicesByKey(records: readonly { readonly key: string }[]): number[][] {
  const groups = new Map<string, number[]>();
  records.forEach((record, index) => {
    const group = groups.get(record.key);
    if (group === undefined) groups.set(record.key, [index]);
    else group.push(index);
  });
  return [...groups.values()];
}
