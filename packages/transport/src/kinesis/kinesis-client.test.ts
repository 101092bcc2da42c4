import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';

import { createKinesisClient } from './kinesis-client.js';

describe('createKinesisClient', () => {
  it('speaks HTTP/1.1 to an endpoint override (a local emulator)', async () => {
    const client = createKinesisClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4567' });
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    const endpoint = await client.config.endpoint?.();
    expect({ hostname: endpoint?.hostname, port: endpoint?.port, protocol: endpoint?.protocol }).toEqual({
      hostname: '127.0.0.1',
      port: 4567,
      protocol: 'http:',
    });
    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
  });

  it('keeps the SDK default HTTP/2 handler and AWS endpoint without an override', async () => {
    for (const endpoint of [undefined, '']) {
      const client = createKinesisClient({ region: 'eu-west-1', endpoint });
      expect(client.config.requestHandler).not.toBeInstanceOf(NodeHttpHandler);
      expect(client.config.requestHandler.constructor.name).toBe('NodeHttp2Handler');
      expect(client.config.endpoint).toBeUndefined();
      expect(await client.config.region()).toBe('eu-west-1');
      client.destroy();
    }
  });
});
