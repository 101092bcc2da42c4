import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ResourceInUseException,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { isTransient, retry, TransientError, type BackoffPolicy } from '@fraud/resilience';

export interface EnsureStreamsOptions {
  /** How long to wait for the streams to become ACTIVE; 60 s by default. */
  timeoutMs?: number;
}

/** Stream creation takes about half a second locally and tens of seconds in AWS. */
const ACTIVE_POLL: BackoffPolicy = { initialMs: 100, maxMs: 2_000, multiplier: 2 };
const CREATE_ATTEMPTS = 8;

/**
 * Creates the provisioned streams that do not exist yet with `shardCount`
 * shards, then waits until every stream is ACTIVE. Existing streams are left
 * as they are, whatever their shard count. For local runs and tests; in AWS
 * the deployment owns the streams.
 */
export async function ensureKinesisStreams(
  client: KinesisClient,
  streams: readonly string[],
  shardCount: number,
  options: EnsureStreamsOptions = {},
): Promise<void> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  // One at a time: AWS limits how many streams may be CREATING at once.
  for (const stream of streams) await createIfMissing(client, stream, shardCount, signal);
  await Promise.all(streams.map((stream) => waitUntilActive(client, stream, signal)));
}

async function createIfMissing(
  client: KinesisClient,
  stream: string,
  shardCount: number,
  signal: AbortSignal,
): Promise<void> {
  await retry(
    async () => {
      try {
        await client.send(
          new CreateStreamCommand({
            StreamName: stream,
            ShardCount: shardCount,
            StreamModeDetails: { StreamMode: 'PROVISIONED' },
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (error instanceof ResourceInUseException) return; // exists, or is being created
        throw error;
      }
    },
    {
      maxAttempts: CREATE_ATTEMPTS,
      signal,
      // LimitExceededException: too many streams CREATING or too many control-plane calls.
      shouldRetry: (error) => isTransient(error) || (error instanceof Error && error.name === 'LimitExceededException'),
    },
  );
}

async function waitUntilActive(client: KinesisClient, stream: string, signal: AbortSignal): Promise<void> {
  let status = 'unknown';
  try {
    await retry(
      async () => {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }), {
          abortSignal: signal,
        });
        status = summary.StreamDescriptionSummary?.StreamStatus ?? 'unknown';
        if (status !== 'ACTIVE') throw new TransientError(`stream ${stream} is ${status}`);
      },
      {
        backoff: ACTIVE_POLL,
        signal,
        // Right after CreateStream, AWS may not list the stream yet.
        shouldRetry: (error) =>
          isTransient(error) || (error instanceof Error && error.name === 'ResourceNotFoundException'),
      },
    );
  } catch (error) {
    if (!signal.aborted) throw error;
    throw new Error(`Kinesis stream ${stream} not ACTIVE in time (last status: ${status})`, { cause: error });
  }
}
