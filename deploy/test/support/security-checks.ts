import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { expect, it } from 'vitest';

import { actionsOf, allStatements, resourcesOf } from './policies.js';
import type { CloudFormationTemplate, SynthesizedVariant } from './synthesize.js';

/** The one action IAM accepts only on Resource "*" that the deployment needs (image pulls). */
const RESOURCE_WILDCARD_ONLY = ['ecr:GetAuthorizationToken'];

/** An acknowledged finding: the rule, where, and why. */
export interface Acknowledgement {
  rule: string;
  path: string;
  reason: string;
}

/** The rule packs' acknowledgements recorded under `scope` (Validations.of(x).acknowledge); not the CDK's own. */
export function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
          rule: rule.replace(/^[\w.]+::/, ''),
          path: construct.node.path,
          reason,
        })),
      )
      .filter((ack) => ack.rule.startsWith('AwsSolutions-') || ack.rule.startsWith('PCI.DSS.321-')),
  );
}

/** Findings of both rule packs that no acknowledgement covers, one line each. */
function unacknowledgedFindings(variant: SynthesizedVariant): string[] {
  return [new AwsSolutionsChecks(), new PCIDSS321Checks()].flatMap((pack) =>
    pack
      .validateScope(variant.stack)
      .violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.resourceLogicalId}`),
      ),
  );
}

/** Identity-policy statements, inline role policies included, that use a wildcard where the rules forbid it. */
function wildcardGrants(template: CloudFormationTemplate): string[] {
  const inline = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
    .flatMap(([role, resource]) =>
      ((resource.Properties?.Policies ?? []) as { PolicyDocument: { Statement: never[] } }[]).flatMap((policy) =>
        policy.PolicyDocument.Statement.map((statement) => ({ policy: role, statement })),
      ),
    );
  return [...allStatements(template), ...inline].flatMap(({ policy, statement }) => {
    const actions = actionsOf(statement);
    const problems: string[] = actions
      .filter((action) => action.includes('*'))
      .map((action) => `${policy}: action ${action}`);
    const onAnyResource = resourcesOf(statement).includes('*');
    if (onAnyResource && !actions.every((action) => RESOURCE_WILDCARD_ONLY.includes(action))) {
      problems.push(`${policy}: ${actions.join(' ')} on Resource "*"`);
    }
    return problems;
  });
}

/**
 * What every variant must satisfy: the rule packs with nothing left
 * unacknowledged, only the expected acknowledgements, each with a reason of
 * its own, and no wildcard grant beyond the one AWS requires.
 */
export function itPassesTheSecurityChecks(
  variant: () => SynthesizedVariant,
  expectedAcknowledgements: Readonly<Record<string, number>>,
): void {
  it('leaves no AWS Solutions or PCI DSS 3.2.1 finding unacknowledged', () => {
    expect(unacknowledgedFindings(variant())).toEqual([]);
  });

  it('acknowledges only the expected findings, each with a reason of its own', () => {
    const acks = acknowledgements(variant().stack);
    const counts: Record<string, number> = {};
    for (const ack of acks) counts[ack.rule] = (counts[ack.rule] ?? 0) + 1;
    expect(counts).toEqual(expectedAcknowledgements);
    for (const ack of acks) expect(ack.reason.length, `${ack.rule} at ${ack.path}`).toBeGreaterThanOrEqual(80);
  });

  it('grants no wildcard action, and Resource "*" only for ecr:GetAuthorizationToken', () => {
    expect(wildcardGrants(variant().json)).toEqual([]);
  });
}
