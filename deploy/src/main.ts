import { App } from 'aws-cdk-lib';

import { addFraudDetection } from './app/fraud-detection-app.js';

// The CLI synthesizes the app when this process ends.
addFraudDetection(new App());
