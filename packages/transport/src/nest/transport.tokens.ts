/** Injection token of the service's StreamTransport. */
export const STREAM_TRANSPORT = Symbol('STREAM_TRANSPORT');

/** Injection token of STREAM_PREFIX, the prefix of every stream name. */
export const STREAM_PREFIX = Symbol('STREAM_PREFIX');
