export { loadSettings, type ConditionalRequirement, type Environment, type SettingsSpec } from './load-settings.js';
export { SettingsError, type SettingProblem } from './settings-error.js';
export { SETTINGS } from './settings-token.js';
export * from './setting-types.js';
export {
  sharedRequirements,
  sharedSettingsSchema,
  sharedSettingsShape,
  type SharedSettings,
} from './shared-settings.js';
