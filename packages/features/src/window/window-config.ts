/** The window parameters, in milliseconds (settings WINDOW_SECONDS, ALLOWED_LATENESS_SECONDS, FEATURE_STATE_TTL_SLACK_SECONDS). */
export interface WindowConfig {
  readonly windowMs: number;
  readonly allowedLatenessMs: number;
  /** Extra life of idle state beyond window + lateness. */
  readonly ttlSlackMs: number;
}

export const DEFAULT_WINDOW_CONFIG: WindowConfig = {
  windowMs: 600_000,
  allowedLatenessMs: 300_000,
  ttlSlackMs: 900_000,
};

export function windowConfig(seconds: { window: number; allowedLateness: number; ttlSlack: number }): WindowConfig {
  return {
    windowMs: seconds.window * 1000,
    allowedLatenessMs: seconds.allowedLateness * 1000,
    ttlSlackMs: seconds.ttlSlack * 1000,
  };
}

/** Wall-clock life of an entity's state after its last write. */
export function stateTtlMs(config: WindowConfig): number {
  return config.windowMs + config.allowedLatenessMs + config.ttlSlackMs;
}

/** A transaction older than the partition's watermark (before it) minus the allowed lateness. */
export function isLate(timeMs: number, watermarkMs: number | undefined, config: WindowConfig): boolean {
  return watermarkMs !== undefined && timeMs < watermarkMs - config.allowedLatenessMs;
}

/**
 * Events at or before this time can never be in the window of a transaction
 * that is not late on a partition with this watermark (docs/window-features.md, "cut").
 */
export function windowCutMs(watermarkMs: number | undefined, config: WindowConfig): number {
  return watermarkMs === undefined
    ? Number.NEGATIVE_INFINITY
    : watermarkMs - config.windowMs - config.allowedLatenessMs;
}

/** Whether `timeMs` lies in the window `(atMs − W, atMs]`. */
export function inWindow(timeMs: number, atMs: number, config: WindowConfig): boolean {
  return timeMs > atMs - config.windowMs && timeMs <= atMs;
}
