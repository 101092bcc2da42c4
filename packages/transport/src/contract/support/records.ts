import { randomUUID } from 'node:crypto';

import type { IncomingRecord, OutgoingRecord } from '../../stream-transport.js';

/** A unique stream or group name, so tests never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TestPayload {
  key: string;
  /** Position of this record among its key's records, from 0. */
  seq: number;
  id: string;
}

/**
 * `count` records over `keyCount` keys, round robin, each about 300 bytes of
 * JSON (the size of a Transaction event). Each carries its per-key sequence.
 */
export function makeRecords(count: number, keyCount: number, runId = uniqueName('run')): OutgoingRecord[] {
  const perKey = new Map<string, number>();
  const pad = 'x'.repeat(220);
  return Array.from({ length: count }, (_, index) => {
    const key = `card-${String(index % keyCount).padStart(4, '0')}`;
    const seq = perKey.get(key) ?? 0;
    perKey.set(key, seq + 1);
    const payload: TestPayload & { pad: string } = { key, seq, id: `${runId}-${index}`, pad };
    return { key, value: Buffer.from(JSON.stringify(payload)) };
  });
}

export function payloadOf(record: Pick<IncomingRecord, 'value'>): TestPayload {
  return JSON.parse(record.value.toString('utf8')) as TestPayload;
}

/** Keys whose records were not seen in increasing `seq` order (first occurrences). */
export function keysOutOfOrder(payloads: readonly TestPayload[]): string[] {
  const next = new Map<string, number>();
  const broken = new Set<string>();
  for (const { key, seq } of payloads) {
    const expected = next.get(key) ?? 0;
    if (seq < expected) continue; // a redelivery of something already seen
    if (seq !== expected) broken.add(key);
    next.set(key, seq + 1);
  }
  return [...broken];
}
