import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

import type { ModelHosting } from '../app/deploy-options.js';
import type { DataKey } from '../security/data-key.js';
import { ManagedPolicyRole } from '../security/managed-policy-role.js';
import type { ServiceImages } from '../services/service-images.js';
import { readDeployedModel } from './model-manifest.js';
import { xgboostImageUri } from './xgboost-image.js';

export interface FraudModelEndpointProps {
  hosting: ModelHosting;
  instanceType: string;
  dataKey: DataKey;
  images: ServiceImages;
}

/**
 * The SageMaker real-time endpoint the inference service calls: either the
 * built-in XGBoost image loading the committed model.tar.gz, or the
 * model-endpoint image, which carries the ONNX model itself (bring your own
 * container). The container runs with network isolation (no network at all
 * from inside it) and its volume is encrypted with the data key.
 */
export class FraudModelEndpoint extends Construct {
  /** The endpoint's name: SAGEMAKER_ENDPOINT_NAME. */
  readonly endpointName: string;
  readonly endpointArn: string;

  constructor(scope: Construct, id: string, props: FraudModelEndpointProps) {
    super(scope, id);
    const model = readDeployedModel();
    const role = new ManagedPolicyRole(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'SageMaker: pull the model image and read the model archive',
    });

    let container: sagemaker.CfnModel.ContainerDefinitionProperty;
    if (props.hosting === 'builtin') {
      const archive = new s3Assets.Asset(this, 'ModelArchive', { path: model.archivePath });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [archive.bucket.arnForObjects(archive.s3ObjectKey)],
        }),
      );
      container = { image: xgboostImageUri(this, model.xgboostImageVersion), modelDataUrl: archive.s3ObjectUrl };
    } else {
      const image = props.images.image('model-endpoint');
      image.repository.grantPull(role);
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ecr:GetAuthorizationToken, which SageMaker needs to pull the model-endpoint image, is account-wide: IAM accepts only Resource "*" for it. The layers are read from the one asset repository.',
      });
      container = {
        image: image.imageUri,
        // SageMaker calls port 8080 from outside the container; the image's default binds loopback.
        environment: { HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'info' },
      };
    }

    const cfnModel = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: role.roleArn,
      primaryContainer: container,
      enableNetworkIsolation: true,
      // Which training run is serving, as the manifest names it (FraudScore.modelVersion).
      tags: [{ key: 'model-version', value: model.modelVersion }],
    });
    // The role's policy must exist before SageMaker checks it can pull the image.
    cfnModel.node.addDependency(role);

    const config = new sagemaker.CfnEndpointConfig(this, 'Config', {
      kmsKeyId: props.dataKey.key.keyArn,
      productionVariants: [
        {
          variantName: 'AllTraffic',
          modelName: cfnModel.attrModelName,
          initialInstanceCount: 1,
          instanceType: props.instanceType,
          initialVariantWeight: 1,
        },
      ],
    });
    const endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
    this.endpointName = endpoint.attrEndpointName;
    this.endpointArn = endpoint.ref;
  }

  grantInvoke(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sagemaker:InvokeEndpoint'], resources: [this.endpointArn] }),
    );
  }
}
