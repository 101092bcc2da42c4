import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A role whose every permission, including the grants other constructs add
 * to it, lives in one customer managed policy of its own instead of an
 * inline policy (PCI DSS 7.1.2, AWS Config's iam-no-inline-policy-check):
 * the policy is versioned, listed and reviewable on its own.
 */
export class ManagedPolicyRole extends iam.Role {
  private readonly permissions: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
    this.permissions = new iam.ManagedPolicy(this, 'Permissions', {
      description: props.description,
      roles: [this],
    });
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.permissions.addStatements(statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}
