import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** PCI DSS 10.7: keep audit trail history for at least a year. Log groups go with the stack. */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;
