export { isAlive } from './is-alive.js';
export {
  startSupervised,
  type ProcessExit,
  type SupervisedProcess,
  type SupervisedProcessOptions,
} from './supervised-process.js';
