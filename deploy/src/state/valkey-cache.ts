import { Fn, Names, SecretValue, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import type { DataKey } from '../security/data-key.js';

/** Not Redis's 6379 (AwsSolutions-AEC5): scanners probing the default port find nothing. */
export const VALKEY_PORT = 6380;
/** The services' Redis user (RBAC). */
export const VALKEY_USER = 'fraud-services';

export interface ValkeyCacheProps {
  vpc: ec2.IVpc;
  dataKey: DataKey;
}

/**
 * ElastiCache for Valkey: a primary and a replica in two zones with automatic
 * failover, TLS required, encrypted at rest with the data key, and RBAC: the
 * default user is switched off and the services sign in as their own user,
 * whose generated password lives in Secrets Manager. The services' URL
 * (`REDIS_URL`, with that password) is a secret of its own, assembled by
 * CloudFormation from a dynamic reference, so the password never appears in
 * the template.
 *
 * Cluster mode is off because the services' client is a single-node client;
 * their keys are already grouped by hash slot (packages/features), so
 * switching to cluster mode is a client change, not a data change.
 */
export class ValkeyCache extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  /** `rediss://fraud-services:<password>@<primary>:6380`, for `ecs.Secret.fromSecretsManager`. */
  readonly urlSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ValkeyCacheProps) {
    super(scope, id);
    const key = props.dataKey.key;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Valkey: TLS connections from the stateful pipeline services only',
      allowAllOutbound: false,
    });
    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Private subnets of the fraud detection cache',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });

    const password = new secretsmanager.Secret(this, 'Password', {
      description: `Password of the ElastiCache user ${VALKEY_USER}`,
      encryptionKey: key,
      // Letters and digits: valid for ElastiCache and safe inside a URL without escaping.
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    const idBase = elastiCacheId(Names.uniqueResourceName(this, { maxLength: 30, separator: '-' }));
    const disabledDefault = new elasticache.CfnUser(this, 'DefaultUser', {
      userId: `${idBase}-default`,
      userName: 'default',
      engine: 'valkey',
      accessString: 'off -@all',
      noPasswordRequired: true,
    });
    const servicesUser = new elasticache.CfnUser(this, 'ServicesUser', {
      userId: `${idBase}-services`,
      userName: VALKEY_USER,
      engine: 'valkey',
      // Every key and command the services use (FUNCTION LOAD, FCALL, INFO at connect); not the admin
      // commands nor the ones that wipe the keyspace.
      accessString: 'on ~* &* +@all -@admin -flushall -flushdb',
      passwords: [password.secretValue.unsafeUnwrap()],
    });
    const userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
      userGroupId: `${idBase}-users`,
      engine: 'valkey',
      userIds: [disabledDefault.userId, servicesUser.userId],
    });
    userGroup.addResourceDependency(disabledDefault);
    userGroup.addResourceDependency(servicesUser);

    const group = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'Fraud detection windows, scores and open alerts',
      engine: 'valkey',
      engineVersion: '8.0',
      cacheNodeType: 'cache.t4g.micro',
      numNodeGroups: 1,
      replicasPerNodeGroup: 1,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: VALKEY_PORT,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      userGroupIds: [userGroup.ref],
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: 1,
    });
    group.addResourceDependency(userGroup);
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-AEC6',
      reason:
        'Authenticated with RBAC instead of the single AUTH token the rule looks for: a user group whose default user is off and whose services user has a generated password (Secrets Manager).',
    });

    this.urlSecret = new secretsmanager.Secret(this, 'Url', {
      description: "REDIS_URL: the services' Valkey URL, with their user and password",
      encryptionKey: key,
      // Not plaintext: the password is a {{resolve:secretsmanager:…}} reference, resolved by CloudFormation.
      secretStringValue: SecretValue.unsafePlainText(
        Fn.join('', [
          `rediss://${VALKEY_USER}:`,
          password.secretValue.unsafeUnwrap(),
          '@',
          group.attrPrimaryEndPointAddress,
          ':',
          group.attrPrimaryEndPointPort,
        ]),
      ),
    });

    for (const secret of [password, this.urlSecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'ElastiCache RBAC passwords have no managed rotation function; rotate by updating the user with a second password, then the URL secret, then restarting the services (deploy/README.md).',
      });
    }
  }
}

/** An ElastiCache user or group id: lower case letters, digits and single hyphens, starting with a letter. */
function elastiCacheId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return id.length > 0 ? id : 'fraud';
}
