import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';

import { REPO_ROOT } from '../app/repo-paths.js';
import type { PipelineServiceName } from './pipeline-services.js';

/** Every image the deployment builds: the pipeline services and the model endpoint (bring your own container). */
export type ServiceImageName = PipelineServiceName | 'model-endpoint';

/** The Dockerfile of a service, relative to the repository root, which is every image's build context. */
export function dockerfileOf(name: ServiceImageName): string {
  return `services/${name}/Dockerfile`;
}

/**
 * The services' images, built by `cdk deploy` from the repository root with
 * each service's Dockerfile and pushed to the bootstrap repository. What the
 * build context holds is decided by the root .dockerignore, which the asset
 * also applies when it fingerprints the context.
 */
export class ServiceImages extends Construct {
  private readonly assets = new Map<ServiceImageName, ecrAssets.DockerImageAsset>();

  image(name: ServiceImageName): ecrAssets.DockerImageAsset {
    let asset = this.assets.get(name);
    if (asset === undefined) {
      asset = new ecrAssets.DockerImageAsset(this, name, {
        directory: REPO_ROOT,
        file: dockerfileOf(name),
        // Fargate tasks and SageMaker instances here are x86; an arm64 laptop must not build for itself.
        platform: ecrAssets.Platform.LINUX_AMD64,
        // No image needs this app, nor its output (deploy/dist/cdk.out), which sits inside the context:
        // editing the deployment must not change the images' hashes and rebuild them.
        exclude: ['deploy'],
      });
      this.assets.set(name, asset);
    }
    return asset;
  }
}
