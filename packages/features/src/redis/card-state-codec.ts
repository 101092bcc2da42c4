import { Decoder, Encoder } from '@msgpack/msgpack';

import type { CardState } from '../reference/card-window.js';
import type { CardDay } from '../window/card-history.js';
import type { WindowEvent } from '../window/window-event.js';

/** A card's state as Redis holds it: the window state (with its version) and the days, in two keys. */
export interface EncodedCardState {
  /** The version, a newline, the events; the version is what a write is fenced by (feature-library.ts, put_card). */
  readonly window: Buffer;
  /** Empty when the card has no days. */
  readonly days: Buffer;
}

type EventTuple = [Uint8Array | string, number, number, string, string, number, number, string?];

// One of each, reused: encode() and decode() build a new one, with its buffer, per call.
const encoder = new Encoder({ forceFloat32: false });
const decoder = new Decoder();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NEWLINE = 0x0a;

/** A UUID is kept as its 16 bytes, any other id as a string: ids are most of a card's state. */
function packId(id: string): Uint8Array | string {
  return UUID.test(id) ? Buffer.from(id.replaceAll('-', ''), 'hex') : id;
}

function unpackId(id: Uint8Array | string): string {
  if (typeof id === 'string') return id;
  const hex = Buffer.from(id).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * MessagePack: each event an array, field after field, doubles as 64-bit
 * floats (so a state read on another engine steps exactly the same); days one
 * flat array of day, count, amount sum.
 */
export function encodeCardState(state: CardState, version: string): EncodedCardState {
  const events = state.events.map((e): EventTuple => {
    const tuple: EventTuple = [packId(e.transactionId), e.timeMs, e.amountMinor, e.merchantId, e.country, e.lat, e.lon];
    if (e.position !== undefined) tuple.push(e.position);
    return tuple;
  });
  const days = state.days.flatMap((d) => [d.day, d.count, d.amountSum]);
  return {
    window: Buffer.concat([Buffer.from(`${version}\n`), encoder.encode(events)]),
    days: days.length === 0 ? Buffer.alloc(0) : Buffer.from(encoder.encode(days)),
  };
}

/** The version of a stored window state ('' when there is none). */
export function versionOf(window: Buffer | null): string {
  if (window === null) return '';
  const end = window.indexOf(NEWLINE);
  return window.subarray(0, end < 0 ? window.length : end).toString('utf8');
}

export function decodeCardState(window: Buffer | null, days: Buffer | null): CardState {
  const tuples = window === null ? [] : (decoder.decode(window.subarray(window.indexOf(NEWLINE) + 1)) as EventTuple[]);
  const events = tuples.map(([id, timeMs, amountMinor, merchantId, country, lat, lon, position]): WindowEvent => ({
    transactionId: unpackId(id),
    timeMs,
    amountMinor,
    merchantId,
    country,
    lat,
    lon,
    ...(position === undefined ? {} : { position }),
  }));
  const flat = days === null || days.length === 0 ? [] : (decoder.decode(days) as number[]);
  const dayEntries: CardDay[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    dayEntries.push({ day: flat[i] ?? 0, count: flat[i + 1] ?? 0, amountSum: flat[i + 2] ?? 0 });
  }
  return { events, days: dayEntries };
}
