import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The settings every AWS SDK v3 client needs to talk to a local emulator. */
export interface LocalAwsClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  requestHandler: NodeHttpHandler;
}

/**
 * Client settings for a local emulator (kinesis-local, dynalite, moto).
 * HTTP/1.1 because some clients (Kinesis) default to HTTP/2, which the
 * emulators' plain ports do not speak; dummy credentials because the
 * emulators accept any signature but the SDK refuses to sign without one.
 */
export function localAwsClientConfig(endpoint: string, region = 'us-east-1'): LocalAwsClientConfig {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  };
}
