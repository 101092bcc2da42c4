import type { CloudFormationTemplate } from './synthesize.js';

/** One policy statement, readable: `kinesis:PutRecord kinesis:PutRecords -> stream transactions`. */
export type StatementLine = string;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the policies attached to a role, one line each, sorted. */
export function rolePermissions(template: CloudFormationTemplate, roleLogicalId: string): StatementLine[] {
  return policiesOf(template, roleLogicalId)
    .flatMap((statements) => statements)
    .map((statement) => describeStatement(template, statement))
    .sort();
}

/** Every Allow statement of every identity policy in the template, with the policy's logical id. */
export function allStatements(template: CloudFormationTemplate): { policy: string; statement: Statement }[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::Policy')
    .flatMap(([policy, resource]) => statementsOf(resource.Properties).map((statement) => ({ policy, statement })));
}

/** Logical ids of the roles ECS tasks assume, by what they are for. */
export function taskRoles(
  template: CloudFormationTemplate,
): { taskRole: string; executionRole: string; family: string }[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::ECS::TaskDefinition')
    .map((resource) => {
      const props = resource.Properties as {
        Family: string;
        TaskRoleArn: { 'Fn::GetAtt': [string, string] };
        ExecutionRoleArn: { 'Fn::GetAtt': [string, string] };
      };
      return {
        family: props.Family,
        taskRole: props.TaskRoleArn['Fn::GetAtt'][0],
        executionRole: props.ExecutionRoleArn['Fn::GetAtt'][0],
      };
    })
    .sort((a, b) => a.family.localeCompare(b.family));
}

export function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

function policiesOf(template: CloudFormationTemplate, roleLogicalId: string): Statement[][] {
  return Object.values(template.Resources)
    .filter((resource) => {
      const roles = (resource.Properties?.Roles ?? []) as { Ref?: string }[];
      return (
        (resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::Policy') &&
        roles.some((role) => role.Ref === roleLogicalId)
      );
    })
    .map((resource) => statementsOf(resource.Properties));
}

function statementsOf(properties: Record<string, unknown> | undefined): Statement[] {
  const document = properties?.PolicyDocument as { Statement: Statement[] } | undefined;
  return (document?.Statement ?? []).filter((statement) => statement.Effect === 'Allow');
}

function describeStatement(template: CloudFormationTemplate, statement: Statement): StatementLine {
  const actions = [...actionsOf(statement)].sort().join(' ');
  const resources = resourcesOf(statement)
    .map((resource) => describeResource(template, resource))
    .sort()
    .join(', ');
  const via = statement.Condition?.StringEquals?.['kms:ViaService'];
  const viaService = via === undefined ? '' : ` (via ${serviceOfViaCondition(via)})`;
  return `${actions} -> ${resources}${viaService}`;
}

/** What a policy resource names: `stream transactions`, `topic fraud-scores`, `key`, `*`… */
export function describeResource(template: CloudFormationTemplate, resource: unknown): string {
  if (resource === '*') return '*';
  const logicalId = referencedLogicalId(resource);
  if (logicalId !== undefined) return describeLogicalId(template, logicalId);
  const text = JSON.stringify(resource);
  // arn:…:kafka:…:topic/<cluster>/<uuid>/<name>, the name being the last literal part.
  const kafka = /:(topic|group)\//.exec(text);
  const lastPart = joinedParts(resource).at(-1);
  if (kafka !== null && typeof lastPart === 'string') return `${kafka[1]} ${lastPart.replace(/^\//, '')}`;
  if (text.includes(':repository/') && text.includes('container-assets')) return 'asset image repository';
  if (text.includes(':s3:::') && text.includes('cdk-hnb659fds-assets')) return 'model archive object';
  return text;
}

function joinedParts(resource: unknown): unknown[] {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  return join?.[1] ?? [];
}

function referencedLogicalId(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const ref = (resource as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (resource as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

function describeLogicalId(template: CloudFormationTemplate, logicalId: string): string {
  const resource = template.Resources[logicalId];
  const props = resource?.Properties ?? {};
  switch (resource?.Type) {
    case 'AWS::Kinesis::Stream':
      return `stream ${String(props.Name)}`;
    case 'AWS::DynamoDB::Table':
      return `table ${String(props.TableName)}`;
    case 'AWS::KMS::Key':
      return 'key';
    case 'AWS::SNS::Topic':
      return 'alert topic';
    case 'AWS::SageMaker::Endpoint':
      return 'model endpoint';
    case 'AWS::MSK::ServerlessCluster':
    case 'AWS::MSK::Cluster':
      return 'cluster';
    case 'AWS::Logs::LogGroup':
      return 'own log group';
    case 'AWS::SecretsManager::Secret':
      return `secret ${String(props.Description).split(':')[0]}`;
    default:
      return `${resource?.Type ?? 'unknown'} ${logicalId}`;
  }
}

function serviceOfViaCondition(via: unknown): string {
  const text = JSON.stringify(via);
  return /"([a-z]+)\."/.exec(text)?.[1] ?? text;
}
