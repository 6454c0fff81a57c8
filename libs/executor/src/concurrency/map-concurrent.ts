import pLimit from 'p-limit';

export interface MapConcurrentOptions {
  /** How many `fn` calls run at once. Default 8. */
  concurrency?: number;
  /** Stops starting new items; running ones see the signal passed to `fn`. */
  signal?: AbortSignal;
}

/**
 * Maps items through an async `fn`, at most `concurrency` at a time, keeping input order.
 * Fails fast like Promise.all: on the first rejection no further item starts, the running
 * ones are told through their signal, and the promise rejects with that first error.
 */
export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  options: MapConcurrentOptions = {},
): Promise<R[]> {
  const concurrency = options.concurrency ?? 8;
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be >= 1, got ${concurrency}`);
  const limit = pLimit(concurrency);
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(
      Array.from(items, (item, index) =>
        limit(async () => {
          stop.signal.throwIfAborted();
          try {
            return await fn(item, index, stop.signal);
          } catch (err) {
            if (!stop.signal.aborted) stop.abort(err);
            throw err;
          }
        }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
