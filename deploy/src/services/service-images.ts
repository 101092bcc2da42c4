import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';

import { REPO_ROOT } from '../app/repo-paths.js';
import { PIPELINE_SERVICES, type PipelineServiceName } from './pipeline-services.js';

/** Every image the deployment builds: the pipeline services and the model endpoint (bring your own container). */
export type ServiceImageName = PipelineServiceName | 'model-endpoint';

/** How one image is built from the Dockerfile at the repository root, which is every image's build context. */
export interface ServiceImageBuild {
  /** The Dockerfile, relative to the repository root: the same for every image. */
  file: string;
  /** The Dockerfile's target for the kind of service: a consumer carries the KCL daemon, SageMaker's image the model. */
  target: 'service' | 'consumer' | 'sagemaker';
  /** SERVICE names the service's directory under services/. */
  buildArgs: { SERVICE: ServiceImageName };
}

export function serviceImageBuild(name: ServiceImageName): ServiceImageBuild {
  const consumes = PIPELINE_SERVICES.some((spec) => spec.name === name && spec.consumes.length > 0);
  const target = name === 'model-endpoint' ? 'sagemaker' : consumes ? 'consumer' : 'service';
  return { file: 'Dockerfile', target, buildArgs: { SERVICE: name } };
}

/**
 * The services' images, built by `cdk deploy` from the Dockerfile at the
 * repository root, each with its service's name as SERVICE and its kind as
 * target, and pushed to the bootstrap repository. What the build context
 * holds is decided by the root .dockerignore, which the asset also applies
 * when it fingerprints the context.
 */
export class ServiceImages extends Construct {
  private readonly assets = new Map<ServiceImageName, ecrAssets.DockerImageAsset>();

  image(name: ServiceImageName): ecrAssets.DockerImageAsset {
    let asset = this.assets.get(name);
    if (asset === undefined) {
      asset = new ecrAssets.DockerImageAsset(this, name, {
        directory: REPO_ROOT,
        ...serviceImageBuild(name),
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
