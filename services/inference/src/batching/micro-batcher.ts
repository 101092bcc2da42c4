export interface MicroBatcherOptions<In, Out> {
  /** Items per call at most. */
  maxRows: number;
  /** How long the first waiting item waits for others before its call goes out anyway. */
  maxWaitMs: number;
  /** One call: resolves with one result per item, in order. */
  run: (items: readonly In[]) => Promise<readonly Out[]>;
}

/** Callers' items, in the order submitted, waiting for their call. */
interface Submission<Out> {
  readonly results: Out[];
  remaining: number;
  resolve: (results: Out[]) => void;
  reject: (error: unknown) => void;
}

interface Waiting<In, Out> {
  readonly item: In;
  readonly submission: Submission<Out>;
  readonly index: number;
}

/**
 * Gathers items from concurrent callers into calls of at most `maxRows`:
 * a call goes out as soon as `maxRows` items wait, or `maxWaitMs` after the
 * first of them came. Each caller gets its own items' results, in order,
 * once every call carrying one of them has answered. Calls run concurrently;
 * limiting them is the caller of `run`'s business.
 */
export class MicroBatcher<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {
    if (!Number.isInteger(options.maxRows) || options.maxRows < 1) {
      throw new RangeError(`maxRows must be a positive integer, got ${options.maxRows}`);
    }
  }

  submit(items: readonly In[]): Promise<Out[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<Out[]>((resolve, reject) => {
      const submission: Submission<Out> = {
        results: new Array<Out>(items.length),
        remaining: items.length,
        resolve,
        reject,
      };
      items.forEach((item, index) => {
        this.waiting.push({ item, submission, index });
      });
      while (this.waiting.length >= this.options.maxRows) this.send(this.waiting.splice(0, this.options.maxRows));
      if (this.waiting.length > 0) {
        this.timer ??= setTimeout(() => {
          this.flush();
        }, this.options.maxWaitMs);
      } else this.stopTimer();
    });
  }

  private flush(): void {
    this.timer = undefined;
    const due = this.waiting;
    this.waiting = [];
    for (let start = 0; start < due.length; start += this.options.maxRows) {
      this.send(due.slice(start, start + this.options.maxRows));
    }
  }

  private send(call: readonly Waiting<In, Out>[]): void {
    this.options.run(call.map((waiting) => waiting.item)).then(
      (results) => {
        if (results.length !== call.length) {
          this.fail(call, new Error(`a call of ${call.length} items answered ${results.length} results`));
          return;
        }
        call.forEach(({ submission, index }, position) => {
          submission.results[index] = results[position] as Out;
          submission.remaining -= 1;
          if (submission.remaining === 0) submission.resolve(submission.results);
        });
      },
      (error: unknown) => {
        this.fail(call, error);
      },
    );
  }

  private fail(call: readonly Waiting<In, Out>[], error: unknown): void {
    // A submission settles once: the first failed call of its items rejects it.
    for (const { submission } of call) submission.reject(error);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
