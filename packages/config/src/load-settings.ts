import type { z } from 'zod';

import { SettingsError, type SettingProblem } from './settings-error.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable that is required only in some configurations, e.g. KAFKA_BROKERS when TRANSPORT=kafka. */
export interface ConditionalRequirement {
  variable: string;
  when: (env: Environment) => boolean;
  /** Completes "is required when …", e.g. "TRANSPORT=kafka". */
  because: string;
}

export interface SettingsSpec<S extends z.ZodType> {
  schema: S;
  requirements?: readonly ConditionalRequirement[];
}

/**
 * Validates the environment against a service's settings. Empty strings count
 * as unset, so `FOO=` in a compose file means "use the default". Throws a
 * SettingsError naming every missing or invalid variable, never just the first.
 */
export function loadSettings<S extends z.ZodType>(
  service: string,
  spec: SettingsSpec<S>,
  env: Environment = process.env,
): z.output<S> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') present[name] = value;

  const problems: SettingProblem[] = [];
  const result = spec.schema.safeParse(present);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? '(settings)');
      const missing = present[variable] === undefined;
      problems.push({ variable, problem: missing ? 'is required' : `is invalid (${issue.message})` });
    }
  }
  for (const requirement of spec.requirements ?? []) {
    const alreadyNamed = problems.some((p) => p.variable === requirement.variable);
    if (!alreadyNamed && present[requirement.variable] === undefined && requirement.when(present)) {
      problems.push({ variable: requirement.variable, problem: `is required when ${requirement.because}` });
    }
  }
  if (problems.length > 0 || !result.success) throw new SettingsError(service, problems);
  return result.data;
}
