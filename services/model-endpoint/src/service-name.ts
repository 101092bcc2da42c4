/** The service's name in logs, metrics and start-up errors. */
export const SERVICE = 'model-endpoint';
