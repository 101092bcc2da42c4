import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The one Dockerfile every service's image builds from, at the repository root (the build context). */
export const DOCKERFILE = 'Dockerfile';

/** The Dockerfile's targets: what a kind of service adds to the image every service shares. */
export type ImageTarget = 'service' | 'consumer' | 'sagemaker';

export interface ServiceImageBuild {
  target: ImageTarget;
  args: { SERVICE: string };
}

/**
 * Whether the service consumes streams: it depends on @fraud/transport and
 * its main.ts declares what it `consumes:` to startService. On Kinesis a
 * consumer runs the KCL daemon, whose JVM and jars only the `consumer`
 * target carries.
 */
export function isStreamConsumer(root: string, service: string): boolean {
  const manifest = JSON.parse(readFileSync(join(root, 'services', service, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const main = readFileSync(join(root, 'services', service, 'src/main.ts'), 'utf8');
  return manifest.dependencies?.['@fraud/transport'] !== undefined && main.includes('consumes:');
}

/**
 * How the service's image is built: its directory name as SERVICE, and the
 * target its kind needs. The model endpoint is the one image SageMaker hosts.
 */
export function serviceImageBuild(root: string, service: string): ServiceImageBuild {
  const target = service === 'model-endpoint' ? 'sagemaker' : isStreamConsumer(root, service) ? 'consumer' : 'service';
  return { target, args: { SERVICE: service } };
}
