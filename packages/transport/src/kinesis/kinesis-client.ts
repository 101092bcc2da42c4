import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface KinesisClientOptions {
  region: string;
  /** A local emulator's plain-HTTP endpoint (kinesis-local); unset in AWS. */
  endpoint?: string | undefined;
}

/**
 * A Kinesis client with credentials from the default provider chain (the
 * environment locally, the task or instance role in AWS). Against an endpoint
 * override it speaks HTTP/1.1: the SDK's default HTTP/2 handler fails on the
 * emulators' plain ports. In AWS the default handler stays.
 */
export function createKinesisClient(options: KinesisClientOptions): KinesisClient {
  const { region, endpoint } = options;
  if (endpoint === undefined || endpoint === '') return new KinesisClient({ region });
  return new KinesisClient({ region, endpoint, requestHandler: new NodeHttpHandler() });
}
