import { randomBytes } from 'node:crypto';

/** A fresh STREAM_PREFIX, so a test reads only what it published. */
export function uniqueStreamPrefix(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}-`;
}

/** The environment of a service process on the test stack, with the transport and prefix chosen. */
export function serviceEnvironment(
  infraEnv: Record<string, string>,
  transport: 'kafka' | 'kinesis',
  streamPrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...infraEnv, TRANSPORT: transport, STREAM_PREFIX: streamPrefix, ...extra };
}
