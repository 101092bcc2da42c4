/** How the KCL paces itself; local runs want seconds where AWS's defaults are minutes. */
export interface KclTimings {
  /** Pause between GetRecords calls on a shard that returned nothing new: the floor of consume latency. */
  idleTimeBetweenReadsMillis: number;
  /** Most records per GetRecords call, and so per handler batch. */
  maxRecords: number;
  /** A lease not renewed for this long is taken over by another worker (renewed every third of it). */
  failoverTimeMillis: number;
  /**
   * The pause after each shard sync (listing shards to create leases for new
   * ones), which KCL 2.5 takes inside the sync task: a new application's
   * first worker waits through it before its worker loop starts.
   */
  shardSyncIntervalMillis: number;
  /** How often a child shard's processor checks whether its parents are done. */
  parentShardPollIntervalMillis: number;
}

/**
 * AWS: the KCL's defaults, except reads twice a second rather than once so
 * latency stays near half a second; two applications reading one stream stay
 * under the 5 GetRecords per second a shard allows.
 */
export const AWS_KCL_TIMINGS: KclTimings = {
  idleTimeBetweenReadsMillis: 500,
  maxRecords: 1_000,
  failoverTimeMillis: 10_000,
  shardSyncIntervalMillis: 60_000,
  parentShardPollIntervalMillis: 10_000,
};

/**
 * Local emulators: fast polling, lease takeover in about ten seconds, child
 * shards found within seconds, and a new application's first worker not
 * held 5 s after its first shard sync (syncs run at start and at shard ends
 * only, so this adds no polling of the emulator).
 */
export const LOCAL_KCL_TIMINGS: KclTimings = {
  idleTimeBetweenReadsMillis: 250,
  maxRecords: 1_000,
  failoverTimeMillis: 5_000,
  shardSyncIntervalMillis: 500,
  parentShardPollIntervalMillis: 1_000,
};

export interface MultilangSettings {
  /** The command the daemon runs per shard, split by the daemon on spaces. */
  executableName: string;
  streamName: string;
  /** The KCL application: the consumer group, and the name of its DynamoDB lease table. */
  applicationName: string;
  /** Kept across daemon restarts by one consumer, so a restarted daemon takes its own leases back at once. */
  workerIdentifier: string;
  regionName: string;
  /** Endpoint overrides for local emulators; unset in AWS. */
  kinesisEndpoint?: string | undefined;
  dynamoDBEndpoint?: string | undefined;
  initialPositionInStream: 'TRIM_HORIZON' | 'LATEST';
  timings: KclTimings;
  /** How long the daemon's shutdown hook waits for the processors' final checkpoints. */
  shutdownGraceMillis: number;
}

/**
 * The daemon's .properties file. The daemon sets each key through a bean
 * setter of MultiLangDaemonConfiguration (KCL 2.5.4): keys are
 * case-sensitive and an unknown key is silently ignored, so every key here
 * was checked against that class's setters.
 */
export function multilangProperties(settings: MultilangSettings): string {
  const { timings } = settings;
  const entries: [string, string | number | undefined][] = [
    ['executableName', settings.executableName],
    ['streamName', settings.streamName],
    ['applicationName', settings.applicationName],
    ['workerIdentifier', settings.workerIdentifier],
    // The SDK v1 default chain: environment, system properties, profile, container and instance roles.
    ['AWSCredentialsProvider', 'DefaultAWSCredentialsProviderChain'],
    ['regionName', settings.regionName],
    ['kinesisEndpoint', settings.kinesisEndpoint],
    ['dynamoDBEndpoint', settings.dynamoDBEndpoint],
    // No CloudWatch: the service exports its own metrics.
    ['metricsLevel', 'NONE'],
    ['retrievalMode', 'POLLING'],
    ['initialPositionInStream', settings.initialPositionInStream],
    ['idleTimeBetweenReadsInMillis', timings.idleTimeBetweenReadsMillis],
    ['maxRecords', timings.maxRecords],
    ['failoverTimeMillis', timings.failoverTimeMillis],
    ['shardSyncIntervalMillis', timings.shardSyncIntervalMillis],
    ['parentShardPollIntervalMillis', timings.parentShardPollIntervalMillis],
    ['shutdownGraceMillis', settings.shutdownGraceMillis],
    // Leases of finished parent shards are removed once their children start.
    ['cleanupLeasesUponShardCompletion', 'true'],
  ];
  return entries
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key} = ${propertyValue(String(value))}\n`)
    .join('');
}

/** Escapes a value as java.util.Properties reads it (ISO-8859-1, backslash escapes). */
export function propertyValue(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') escaped += '\\\\';
    else if (char === '\n') escaped += '\\n';
    else if (char === '\r') escaped += '\\r';
    else if (char === '\t') escaped += '\\t';
    else if (code < 0x20 || code > 0x7e) {
      // Astral characters become a surrogate pair of \u escapes, as Java expects.
      for (const unit of String.fromCodePoint(code).split('')) {
        escaped += `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
      }
    } else escaped += char;
  }
  // Leading blanks of a value are dropped by the reader unless escaped.
  return escaped.startsWith(' ') ? `\\${escaped}` : escaped;
}
