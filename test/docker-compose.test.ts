import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { loadSettings, SettingsError } from '@fraud/config';
import { streamNames } from '@fraud/contracts';
import { repoRoot } from '@fraud/testing';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { IMAGES } from '../packages/testing/src/containers/images.js';
import {
  buildOf,
  dependenciesOf,
  environmentOf,
  publishedPorts,
  readComposeFile,
  type ComposeBuild,
  type ComposeFile,
  type ComposeService,
} from './docker/compose-file.js';
import { envOf, healthcheckCommand, imageOf, parseDockerfile, type DockerStage } from './docker/dockerfile.js';
import { DOCKERFILE, serviceImageBuild } from './docker/service-images.js';
import { SERVICE_SETTINGS } from './docker/service-settings.js';

const root = repoRoot(import.meta.url);
const document = readComposeFile(join(root, 'docker-compose.yml'));
const { services } = document as ComposeFile;
const SERVICES = Object.keys(SERVICE_SETTINGS).sort();

// What a container reads besides its service's settings: the credentials the
// AWS SDKs and the KCL sign requests to the emulators with, Node's mode, and
// where the images put the JVM.
const RUNTIME_VARIABLES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'NODE_ENV', 'JAVA_HOME', 'PATH']);

/** moto names every resource in this account unless told otherwise (MOTO_ACCOUNT_ID). */
const MOTO_DEFAULT_ACCOUNT = '123456789012';

/** The Compose services built from the repository, with the service each image runs (its SERVICE). */
const builtServices = Object.entries(services).flatMap(([name, service]) => {
  const build = buildOf(service);
  if (build === undefined) return [];
  return [{ name, service, role: build.args.SERVICE ?? `(no SERVICE for ${name})`, build }];
});

/** The image Compose builds: the Dockerfile's target, given the build arguments. */
function imageBuiltBy(build: ComposeBuild): DockerStage {
  const text = readFileSync(join(root, build.context, build.dockerfile), 'utf8');
  return imageOf(parseDockerfile(text, build.args), build.target);
}

function hasHealthcheck(service: ComposeService): boolean {
  if (service.healthcheck?.disable === true) return false;
  if (service.healthcheck?.test !== undefined) return true;
  const build = buildOf(service);
  return build !== undefined && healthcheckCommand(imageBuiltBy(build)) !== undefined;
}

function isOneShot(service: ComposeService): boolean {
  return service.restart === 'no';
}

function profilesOf(service: ComposeService): string[] {
  return service.profiles ?? [];
}

/** Every service `name` waits for, directly or through the services it waits for. */
function awaited(name: string): Set<string> {
  const found = new Set<string>();
  const pending = Object.keys(dependenciesOf(services[name] ?? {}));
  while (pending.length > 0) {
    const next = pending.pop() ?? '';
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...Object.keys(dependenciesOf(services[next] ?? {})));
  }
  return found;
}

/** Hosts a setting's value points at: a URL's host, or each host of a `host:port,…` list. */
function hostsIn(value: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) return [new URL(value).hostname];
  const entries = value.split(',');
  return entries.every((entry) => /^[^\s:/]+:\d+$/.test(entry))
    ? entries.map((entry) => entry.split(':')[0] ?? '')
    : [];
}

function commandText(service: ComposeService | undefined): string {
  const command = service?.command ?? [];
  return Array.isArray(command) ? command.join(' ') : command;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'test/fixtures/compose-spec.json'), 'utf8')) as {
      $schema: string;
    };
    // The schema names draft-07 by its https address; Ajv knows the draft by its http one.
    const draft07 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json') as object;
    // strictTypes off: upstream puts additionalProperties on an array branch (`gpus`), harmless but warned about.
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
    ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);

    expect(validate(document)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('builds each service from the one Dockerfile, from the repository, as its SERVICE with the target its kind needs', () => {
    expect([...new Set(builtServices.map(({ role }) => role))].sort()).toEqual(SERVICES);
    expect(existsSync(join(root, DOCKERFILE))).toBe(true);
    for (const { name, role, build } of builtServices) {
      expect({ name, ...build }).toEqual({
        name,
        context: '.',
        dockerfile: DOCKERFILE,
        ...serviceImageBuild(root, role),
      });
    }
  });

  it('sets only settings each service knows, and every one it requires', () => {
    const problems: string[] = [];
    for (const { name, service, role, build } of builtServices) {
      const spec = SERVICE_SETTINGS[role];
      if (spec === undefined) throw new Error(`no settings known for ${role}`);
      const env = { ...envOf(imageBuiltBy(build)), ...environmentOf(service) };
      const known = new Set(Object.keys(spec.schema.shape));
      for (const variable of Object.keys(env)) {
        if (!known.has(variable) && !RUNTIME_VARIABLES.has(variable)) {
          problems.push(`${name}: ${variable} is not a setting of ${role}`);
        }
      }
      try {
        loadSettings(role, spec, env);
      } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        problems.push(`${name}: ${error.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('starts a service only after what it waits for, which runs in its profiles', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
        const awaitedService = services[dependency];
        if (awaitedService === undefined) {
          problems.push(`${name} waits for ${dependency}, which is not defined`);
          continue;
        }
        const missing = profilesOf(service).filter(
          (profile) => profilesOf(awaitedService).length > 0 && !profilesOf(awaitedService).includes(profile),
        );
        if (missing.length > 0)
          problems.push(`${name} waits for ${dependency}, absent from profile ${missing.join(', ')}`);
        if (condition === 'service_healthy' && !hasHealthcheck(awaitedService)) {
          problems.push(`${name} waits for ${dependency} to be healthy, which has no health check`);
        }
        if (condition === 'service_completed_successfully' && !isOneShot(awaitedService)) {
          problems.push(`${name} waits for ${dependency} to complete, which is restarted (restart: 'no' expected)`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every long-running service of the two profiles a health check', () => {
    const unchecked = Object.entries(services)
      .filter(([, service]) => profilesOf(service).some((profile) => profile === 'kafka' || profile === 'kinesis'))
      .filter(([, service]) => !isOneShot(service) && !hasHealthcheck(service))
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it('points each service only at services it waits for', () => {
    const problems: string[] = [];
    for (const { name, service } of builtServices) {
      for (const [variable, value] of Object.entries(environmentOf(service))) {
        for (const host of hostsIn(value)) {
          if (!awaited(name).has(host))
            problems.push(`${name}: ${variable} reaches ${host}, which it does not wait for`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('creates every stream of the contract and its dead-letter stream, unprefixed, on both transports', () => {
    const expected = [...streamNames().all].sort();
    const kafkaTopics = /for topic in ([^;]+);/.exec(commandText(services['kafka-init']))?.[1]?.trim().split(/\s+/);
    const kinesisStreams = environmentOf(services['kinesis-mock'] ?? {})
      .INITIALIZE_STREAMS?.split(',')
      .map((entry) => entry.split(':')[0]);

    expect(kafkaTopics?.sort()).toEqual(expected);
    expect(kinesisStreams?.sort()).toEqual(expected);
    expect(builtServices.filter(({ service }) => environmentOf(service).STREAM_PREFIX !== undefined)).toEqual([]);
  });

  it('creates the SNS topic alerting publishes to, with an SQS queue subscribed', () => {
    const topicArns = builtServices
      .filter(({ role }) => role === 'alerting')
      .map(({ service }) => environmentOf(service).SNS_TOPIC_ARN);
    const script = commandText(services['sns-init']);

    expect([...new Set(topicArns)]).toEqual([`arn:aws:sns:us-east-1:${MOTO_DEFAULT_ACCOUNT}:fraud-alerts`]);
    expect(environmentOf(services.moto ?? {}).MOTO_ACCOUNT_ID).toBeUndefined();
    expect(script).toContain('region_name="us-east-1"');
    expect(script).toContain('sns.create_topic(Name="fraud-alerts")');
    expect(script).toContain('sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn');
  });

  it('points inference at the model endpoint, by the name the endpoint answers to', () => {
    const modelEndpoint = services['model-endpoint'] ?? {};
    const endpointName =
      environmentOf(modelEndpoint).SAGEMAKER_ENDPOINT_NAME ??
      String(SERVICE_SETTINGS['model-endpoint']?.schema.shape.SAGEMAKER_ENDPOINT_NAME?.parse(undefined));
    const inference = builtServices
      .filter(({ role }) => role === 'inference')
      .map(({ service }) => environmentOf(service));

    expect(inference.map((env) => [env.SAGEMAKER_RUNTIME_ENDPOINT, env.SAGEMAKER_ENDPOINT_NAME])).toEqual([
      ['http://model-endpoint:8080', endpointName],
      ['http://model-endpoint:8080', endpointName],
    ]);
  });

  it('keeps each transport’s state in its own Valkey database', () => {
    const urlsOf = (profile: string): Set<string | undefined> =>
      new Set(
        builtServices
          .filter(
            ({ service }) => profilesOf(service).includes(profile) && environmentOf(service).REDIS_URL !== undefined,
          )
          .map(({ service }) => environmentOf(service).REDIS_URL),
      );
    expect(urlsOf('kafka')).toEqual(new Set(['redis://valkey:6379/0']));
    expect(urlsOf('kinesis')).toEqual(new Set(['redis://valkey:6379/1']));
  });

  it('publishes ports on the loopback interface only, each host port once per profile', () => {
    const problems: string[] = [];
    const profiles = [...new Set(Object.values(services).flatMap(profilesOf))];
    for (const profile of profiles) {
      const owners = new Map<string, string>();
      for (const [name, service] of Object.entries(services)) {
        const active = profilesOf(service).length === 0 || profilesOf(service).includes(profile);
        for (const port of active ? publishedPorts(service) : []) {
          if (!port.startsWith('127.0.0.1:')) problems.push(`${name} publishes ${port} beyond the loopback interface`);
          const owner = owners.get(port);
          if (owner !== undefined) problems.push(`${name} and ${owner} both publish ${port} in profile ${profile}`);
          owners.set(port, name);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('runs the infrastructure images the container test stack pins', () => {
    const images = Object.values(services)
      .filter((service) => buildOf(service) === undefined)
      .map((service) => service.image);
    expect(new Set(images)).toEqual(new Set(Object.values(IMAGES)));
  });
});
