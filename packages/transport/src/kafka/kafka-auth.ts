import type { KafkaConfig, OauthbearerProviderResponse, SASLOptions } from 'kafkajs';

export type KafkaAuthMode = 'none' | 'scram' | 'iam';

/** How to reach the cluster: the KAFKA_* and AWS_REGION settings. */
export interface KafkaConnectionSettings {
  brokers: string[];
  auth: KafkaAuthMode;
  tls: boolean;
  saslUsername?: string;
  saslPassword?: string;
  /** Required for `iam`: the region the token is signed for. */
  region?: string;
}

/** The MSK IAM token signer: `generateAuthToken` of aws-msk-iam-sasl-signer-js. */
export type MskAuthTokenSigner = (options: { region: string }) => Promise<{ token: string; expiryTime: number }>;

export interface KafkaAuthDependencies {
  /** Replaces the real signer, so tests make no AWS call. */
  iamTokenProvider?: MskAuthTokenSigner;
}

/** The connection part of a kafkajs client configuration. */
export interface KafkaConnectionConfig extends Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  brokers: string[];
  ssl: boolean;
  sasl?: SASLOptions;
}

// Loaded only in IAM mode: the signer pulls in the AWS credential providers.
const signWithDefaultCredentials: MskAuthTokenSigner = async ({ region }) => {
  const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
  return generateAuthToken({ region });
};

/**
 * The kafkajs `brokers`, `ssl` and `sasl` options for an auth mode, as MSK
 * expects them: plaintext or TLS without SASL, SCRAM-SHA-512 over TLS (MSK's
 * only SCRAM mechanism, on its TLS-only listener), or IAM as OAUTHBEARER
 * over TLS. Fails on a setting combination MSK cannot accept.
 */
export function kafkaConnectionConfig(
  settings: KafkaConnectionSettings,
  deps: KafkaAuthDependencies = {},
): KafkaConnectionConfig {
  if (settings.brokers.length === 0) throw new Error('KAFKA_BROKERS: at least one broker is required');
  const brokers = [...settings.brokers];
  switch (settings.auth) {
    case 'none':
      return { brokers, ssl: settings.tls };
    case 'scram':
      return { brokers, ssl: true, sasl: scramSasl(settings) };
    case 'iam':
      // MSK serves IAM only on its TLS listener, so TLS is on whatever KAFKA_TLS says.
      return { brokers, ssl: true, sasl: iamSasl(settings, deps.iamTokenProvider ?? signWithDefaultCredentials) };
  }
}

function scramSasl(settings: KafkaConnectionSettings): SASLOptions {
  if (!settings.tls) {
    throw new Error('KAFKA_AUTH=scram needs KAFKA_TLS=true: MSK serves SASL/SCRAM on its TLS listener only');
  }
  if (!settings.saslUsername || !settings.saslPassword) {
    throw new Error('KAFKA_AUTH=scram needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  }
  return { mechanism: 'scram-sha-512', username: settings.saslUsername, password: settings.saslPassword };
}

function iamSasl(settings: KafkaConnectionSettings, sign: MskAuthTokenSigner): SASLOptions {
  const region = settings.region;
  if (!region) throw new Error('KAFKA_AUTH=iam needs AWS_REGION: the token is signed for a region');
  // kafkajs calls the provider on every authentication, and re-authenticates
  // before the session lifetime the broker grants runs out (MSK ties it to the
  // token's expiry, at most 15 minutes): a fresh token each time is the refresh.
  const oauthBearerProvider = async (): Promise<OauthbearerProviderResponse> => {
    const { token } = await sign({ region });
    return { value: token };
  };
  return { mechanism: 'oauthbearer', oauthBearerProvider };
}
