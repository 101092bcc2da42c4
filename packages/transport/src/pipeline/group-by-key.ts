import type { IncomingRecord } from '../stream-transport.js';

/**
 * A batch's records split by key, each key's records in batch order and the
 * keys in order of first appearance. Keys are independent (every stage is
 * keyed by card token), so groups may run concurrently; within one, order is
 * the card's event order and must hold.
 */
export function groupByKey(records: readonly IncomingRecord[]): IncomingRecord[][] {
  const groups = new Map<string, IncomingRecord[]>();
  for (const record of records) {
    const group = groups.get(record.key);
    if (group === undefined) groups.set(record.key, [record]);
    else group.push(record);
  }
  return [...groups.values()];
}
