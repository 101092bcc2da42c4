/** One missing or invalid setting. */
export interface SettingProblem {
  variable: string;
  problem: string;
}

/** Thrown when the environment does not satisfy a service's settings; names every problem at once. */
export class SettingsError extends Error {
  readonly problems: readonly SettingProblem[];

  constructor(service: string, problems: readonly SettingProblem[]) {
    super(
      `${service}: cannot start, ${problems.length} invalid setting${problems.length === 1 ? '' : 's'}: ` +
        problems.map((p) => `${p.variable} ${p.problem}`).join('; '),
    );
    this.name = 'SettingsError';
    this.problems = problems;
  }
}
