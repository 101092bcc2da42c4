import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

type EnvironmentValue = string | number | boolean | null;

/** The parts of a Compose service these tests read; the schema test vouches for the shape. */
export interface ComposeService {
  image?: string;
  build?:
    | string
    | { context?: string; dockerfile?: string; target?: string; args?: string[] | Record<string, EnvironmentValue> };
  profiles?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  environment?: string[] | Record<string, EnvironmentValue>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  ports?: (string | number | { published?: string | number; host_ip?: string })[];
  command?: string | string[];
  entrypoint?: string | string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The file as Compose reads it: YAML with anchors and `<<` merge keys resolved. */
export function readComposeFile(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as unknown;
}

/** The variables the container gets; an entry without a value (null) is left unset, as Compose does. */
export function environmentOf(service: ComposeService): Record<string, string> {
  return variables(service.environment);
}

/** `NAME=value` entries or a map, as Compose takes environments and build arguments; null values left out. */
function variables(entries: string[] | Record<string, EnvironmentValue> | undefined): Record<string, string> {
  const pairs: [string, EnvironmentValue][] = Array.isArray(entries)
    ? entries.map((entry) => {
        const [name = '', ...value] = entry.split('=');
        return [name, value.length === 0 ? null : value.join('=')];
      })
    : Object.entries(entries ?? {});
  return Object.fromEntries(pairs.flatMap(([name, value]) => (value === null ? [] : [[name, String(value)]])));
}

/** Each service waited for, with the condition (`service_started` for the short list form). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}

export interface ComposeBuild {
  context: string;
  dockerfile: string;
  /** The stage built; undefined for the Dockerfile's last one. */
  target: string | undefined;
  /** The build arguments, from either form (`NAME=value` list or map); one without a value is left out. */
  args: Record<string, string>;
}

export function buildOf(service: ComposeService): ComposeBuild | undefined {
  if (service.build === undefined) return undefined;
  if (typeof service.build === 'string') {
    return { context: service.build, dockerfile: 'Dockerfile', target: undefined, args: {} };
  }
  return {
    context: service.build.context ?? '.',
    dockerfile: service.build.dockerfile ?? 'Dockerfile',
    target: service.build.target,
    args: variables(service.build.args),
  };
}

/** Published ports as `host_ip:published`, e.g. `127.0.0.1:8080`; `:8080` when bound to every interface. */
export function publishedPorts(service: ComposeService): string[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return `${port.host_ip ?? ''}:${String(port.published ?? '')}`;
    const parts = String(port).split(':');
    // `host_ip:published:target`, `published:target` or `target` alone (a random host port on every interface).
    return parts.length === 3
      ? `${parts[0] ?? ''}:${parts[1] ?? ''}`
      : `:${parts.length === 2 ? (parts[0] ?? '') : ''}`;
  });
}
