/**
 * Whether partition position `a` comes before `b`. Positions are decimal
 * strings (Kafka offsets, Kinesis sequence numbers): the longer is later,
 * and equal lengths compare digit by digit. The Lua library compares the same way.
 */
export function positionBefore(a: string, b: string): boolean {
  return a.length === b.length ? a < b : a.length < b.length;
}

/** Whether `event` was accepted at or after the position of `x` (false where either has none). */
export function acceptedFrom(event: { readonly position?: string }, x: { readonly position?: string }): boolean {
  return event.position !== undefined && x.position !== undefined && !positionBefore(event.position, x.position);
}
