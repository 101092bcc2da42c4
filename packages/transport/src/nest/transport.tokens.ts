/** Injection token of the service's StreamTransport. */
export const STREAM_TRANSPORT = Symbol('STREAM_TRANSPORT');

/** Injection token of STREAM_PREFIX, the prefix of every stream name. */
export const STREAM_PREFIX = Symbol('STREAM_PREFIX');

/** Injection token of the streams the service publishes (unprefixed). */
export const PUBLISHED_STREAMS = Symbol('PUBLISHED_STREAMS');

/** Injection token of the service's consumption: which streams, as which groups, with which retries. */
export const CONSUMPTION = Symbol('CONSUMPTION');
