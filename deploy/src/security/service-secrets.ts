import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import type { DataKey } from './data-key.js';

/**
 * The producer's secrets, generated at deploy time and encrypted with the
 * data key; ECS injects them into the container, they never appear in the
 * template or the task definition.
 */
export class ServiceSecrets extends Construct {
  /** PAN_HMAC_KEY: the key of every card token. */
  readonly panHmacKey: secretsmanager.Secret;
  /** INGEST_API_KEYS: one generated key; list a second one (comma-separated) to rotate. */
  readonly ingestApiKeys: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { dataKey: DataKey }) {
    super(scope, id);
    this.panHmacKey = new secretsmanager.Secret(this, 'PanHmacKey', {
      description: 'PAN_HMAC_KEY: HMAC-SHA256 key that tokenises card numbers',
      encryptionKey: props.dataKey.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.panHmacKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the tokenisation key changes every card token, which splits each card into two for the 10-minute windows and the alert suppression; it is rotated deliberately, between traffic, not on a schedule.',
    });
    this.ingestApiKeys = new secretsmanager.Secret(this, 'IngestApiKeys', {
      description: 'INGEST_API_KEYS: comma-separated keys accepted in x-api-key by the ingest API',
      encryptionKey: props.dataKey.key,
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    Validations.of(this.ingestApiKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The ingest keys are shared with the API clients; rotation is a two-step hand-over (add the new key next to the old, move the clients, drop the old) that no rotation function can do for them.',
    });
  }
}
