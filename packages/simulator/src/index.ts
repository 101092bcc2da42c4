export * from './cards/index.js';
export * from './clock/index.js';
export * from './confirmations/index.js';
export * from './geo/index.js';
export * from './random/index.js';
export * from './scenarios/index.js';
export * from './simulation/index.js';
export * from './world/index.js';
