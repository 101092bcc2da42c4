import { Aws, CfnMapping, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * The accounts that publish SageMaker's built-in XGBoost image
 * (`sagemaker-xgboost`), by region: the `registries` of
 * aws/sagemaker-python-sdk, src/sagemaker/image_uri_config/xgboost.json,
 * identical for every `sagemaker-xgboost` version listed there.
 */
const XGBOOST_REGISTRIES: Readonly<Record<string, string>> = {
  'af-south-1': '510948584623',
  'ap-east-1': '651117190479',
  'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698',
  'ap-northeast-3': '867004704886',
  'ap-south-1': '720646828776',
  'ap-south-2': '628508329040',
  'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285',
  'ap-southeast-3': '951798379941',
  'ap-southeast-4': '106583098589',
  'ca-central-1': '341280168497',
  'ca-west-1': '190319476487',
  'eu-central-1': '492215442770',
  'eu-central-2': '680994064768',
  'eu-north-1': '662702820516',
  'eu-south-1': '978288397137',
  'eu-south-2': '104374241257',
  'eu-west-1': '141502667606',
  'eu-west-2': '764974769150',
  'eu-west-3': '659782779980',
  'il-central-1': '898809789911',
  'me-central-1': '272398656194',
  'me-south-1': '801668240914',
  'sa-east-1': '737474898029',
  'us-east-1': '683313688378',
  'us-east-2': '257758044811',
  'us-west-1': '746614075791',
  'us-west-2': '246618743249',
};

/**
 * The built-in XGBoost image URI for the deployment's region, resolved by
 * CloudFormation so the stack stays region-agnostic. `version` is the image
 * tag the model was trained for (the manifest's `sagemakerXgboostImage`).
 */
export function xgboostImageUri(scope: Construct, version: string): string {
  const mapping = new CfnMapping(Stack.of(scope), 'XgboostRegistry', {
    mapping: Object.fromEntries(Object.entries(XGBOOST_REGISTRIES).map(([region, account]) => [region, { account }])),
  });
  const account = mapping.findInMap(Aws.REGION, 'account');
  return `${account}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/sagemaker-xgboost:${version}`;
}
