// Container images for users with Docker, pinned. Each is the containerised
// twin of a local process in ../local: same role, same endpoints.
export const IMAGES = {
  kafka: 'apache/kafka:4.1.2',
  redis: 'valkey/valkey:8.1',
  // The same kinesis-mock release as the npm `kinesis-local` package.
  kinesis: 'ghcr.io/etspaceman/kinesis-mock:0.6.2',
  // SNS, SQS and DynamoDB (KCL leases) from one moto server, the release pinned in ../../moto/requirements.txt.
  moto: 'motoserver/moto:5.2.5',
} as const;
