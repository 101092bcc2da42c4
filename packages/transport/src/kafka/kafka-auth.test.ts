import { describe, expect, it } from 'vitest';

import { kafkaConnectionConfig, type MskAuthTokenSigner } from './kafka-auth.js';

const brokers = ['b-1.msk.example:9096', 'b-2.msk.example:9096'];

describe('kafkaConnectionConfig', () => {
  it('none: no SASL, TLS as set', () => {
    expect(kafkaConnectionConfig({ brokers, auth: 'none', tls: false })).toEqual({ brokers, ssl: false });
    expect(kafkaConnectionConfig({ brokers, auth: 'none', tls: true })).toEqual({ brokers, ssl: true });
  });

  it('scram: SCRAM-SHA-512 with the credentials, over TLS', () => {
    expect(
      kafkaConnectionConfig({ brokers, auth: 'scram', tls: true, saslUsername: 'fraud', saslPassword: 's3cret' }),
    ).toEqual({
      brokers,
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'fraud', password: 's3cret' },
    });
  });

  it('scram: refuses plaintext, since MSK serves SCRAM on its TLS listener only', () => {
    expect(() =>
      kafkaConnectionConfig({ brokers, auth: 'scram', tls: false, saslUsername: 'fraud', saslPassword: 's3cret' }),
    ).toThrow('KAFKA_AUTH=scram needs KAFKA_TLS=true: MSK serves SASL/SCRAM on its TLS listener only');
  });

  it('scram: refuses missing credentials', () => {
    expect(() => kafkaConnectionConfig({ brokers, auth: 'scram', tls: true, saslUsername: 'fraud' })).toThrow(
      'KAFKA_AUTH=scram needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    );
  });

  it('iam: OAUTHBEARER over TLS even when KAFKA_TLS is false, with a provider returning a freshly signed token', async () => {
    const calls: { region: string }[] = [];
    let issued = 0;
    const signer: MskAuthTokenSigner = async (options) => {
      calls.push(options);
      issued += 1;
      return { token: `token-${issued}`, expiryTime: 1_700_000_900_000 };
    };

    const config = kafkaConnectionConfig(
      { brokers, auth: 'iam', tls: false, region: 'eu-west-1' },
      { iamTokenProvider: signer },
    );

    expect(config).toEqual({
      brokers,
      ssl: true,
      sasl: { mechanism: 'oauthbearer', oauthBearerProvider: expect.any(Function) },
    });
    if (config.sasl?.mechanism !== 'oauthbearer') throw new Error('expected OAUTHBEARER');
    // Each (re)authentication asks again: that is how the 15-minute token is refreshed.
    expect(await config.sasl.oauthBearerProvider()).toEqual({ value: 'token-1' });
    expect(await config.sasl.oauthBearerProvider()).toEqual({ value: 'token-2' });
    expect(calls).toEqual([{ region: 'eu-west-1' }, { region: 'eu-west-1' }]);
  });

  it('iam: a signing failure fails the authentication', async () => {
    const config = kafkaConnectionConfig(
      { brokers, auth: 'iam', tls: true, region: 'eu-west-1' },
      {
        iamTokenProvider: () => Promise.reject(new Error('no credentials')),
      },
    );
    if (config.sasl?.mechanism !== 'oauthbearer') throw new Error('expected OAUTHBEARER');
    await expect(config.sasl.oauthBearerProvider()).rejects.toThrow('no credentials');
  });

  it('iam: refuses a missing region', () => {
    expect(() => kafkaConnectionConfig({ brokers, auth: 'iam', tls: true })).toThrow(
      'KAFKA_AUTH=iam needs AWS_REGION: the token is signed for a region',
    );
  });

  it('refuses an empty broker list', () => {
    expect(() => kafkaConnectionConfig({ brokers: [], auth: 'none', tls: false })).toThrow(
      'KAFKA_BROKERS: at least one broker is required',
    );
  });
});
