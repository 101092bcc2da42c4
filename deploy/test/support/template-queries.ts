import { readDeployedModel } from '../../src/scoring/model-manifest.js';
import type { CloudFormationTemplate } from './synthesize.js';

export interface ContainerDefinition {
  Name: string;
  Command?: string[];
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  HealthCheck: { Command: string[]; StartPeriod: number };
  StopTimeout: number;
  LogConfiguration: { LogDriver: string; Options: Record<string, unknown> };
}

/** Logical ids of the resources of one type, in template order. */
export function logicalIdsOf(template: CloudFormationTemplate, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);
}

/** Properties of every resource of one type. */
export function propertiesOf(template: CloudFormationTemplate, type: string): Record<string, unknown>[] {
  return logicalIdsOf(template, type).map((id) => template.Resources[id]?.Properties ?? {});
}

/** The logical id of the task definition of a family (producer, feature-engine, …, simulator). */
export function taskDefinitionId(template: CloudFormationTemplate, family: string): string {
  const id = logicalIdsOf(template, 'AWS::ECS::TaskDefinition').find(
    (candidate) => template.Resources[candidate]?.Properties?.Family === family,
  );
  if (id === undefined) throw new Error(`no task definition of family ${family}`);
  return id;
}

/** The one container of a family's task definition. */
export function containerOf(template: CloudFormationTemplate, family: string): ContainerDefinition {
  const props = template.Resources[taskDefinitionId(template, family)]?.Properties as {
    ContainerDefinitions: ContainerDefinition[];
  };
  const [container] = props.ContainerDefinitions;
  if (container === undefined || props.ContainerDefinitions.length !== 1) {
    throw new Error(`${family} has ${props.ContainerDefinitions.length} containers`);
  }
  return container;
}

/** A container's plain variables as an object. */
export function environmentOf(container: ContainerDefinition): Record<string, unknown> {
  return Object.fromEntries(container.Environment.map((variable) => [variable.Name, variable.Value]));
}

/** A container's secrets: variable name to the logical id of the Secrets Manager secret. */
export function secretsOf(container: ContainerDefinition): Record<string, string> {
  return Object.fromEntries(
    (container.Secrets ?? []).map((secret) => [secret.Name, (secret.ValueFrom as { Ref: string }).Ref]),
  );
}

/** The logical id of the ECS service running a family's task definition. */
export function serviceIdOf(template: CloudFormationTemplate, family: string): string {
  const taskDefinition = taskDefinitionId(template, family);
  const id = logicalIdsOf(template, 'AWS::ECS::Service').find(
    (candidate) =>
      (template.Resources[candidate]?.Properties?.TaskDefinition as { Ref?: string } | undefined)?.Ref ===
      taskDefinition,
  );
  if (id === undefined) throw new Error(`no service runs ${family}`);
  return id;
}

/**
 * The template with what follows the repository's content masked: asset
 * hashes (images, model archive) and the trained model's version. The
 * snapshot then changes only when the deployment does, not with every
 * source edit or retraining.
 */
export function withoutVolatileValues(template: CloudFormationTemplate): unknown {
  const { modelVersion } = readDeployedModel();
  return JSON.parse(
    JSON.stringify(template)
      .replace(/[0-9a-f]{64}/g, '<asset-hash>')
      .replaceAll(modelVersion, '<model-version>'),
  ) as unknown;
}
