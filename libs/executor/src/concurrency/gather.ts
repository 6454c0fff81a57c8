import { performance } from 'node:perf_hooks';
import { types } from 'node:util';
import pLimit from 'p-limit';
import { ExecutorError } from '../task/executor-error';

/** One independent async call; it should stop when `signal` fires (its result is dropped anyway). */
export type GatherFn<T> = (signal: AbortSignal) => Promise<T>;
/** A call, optionally with its own timeout (counted from its start). */
export type GatherCall<T> = GatherFn<T> | { run: GatherFn<T>; timeoutMs?: number };

export type Settled<T> = { ok: true; data: T; ms: number } | { ok: false; error: Error; ms: number };

type DataOf<C> = C extends GatherCall<infer T> ? T : never;
export type GatherResults<C> = { -readonly [K in keyof C]: Settled<DataOf<C[K]>> };

export interface GatherOptions {
  /** All calls still running this many ms after gather starts end as TIMEOUT. */
  deadlineMs?: number;
  /** Timeout per call for calls that set none, counted from the call's own start. */
  timeoutMs?: number;
  /** How many calls run at once. Default: all. */
  concurrency?: number;
  /** Aborts every call still running (they end as ABORTED). */
  signal?: AbortSignal;
}

export interface GatherResult<C> {
  results: GatherResults<C>;
  /** Wall time of the whole gather, in ms. */
  wallMs: number;
}

/**
 * Starts independent calls at once and settles every one of them: a failing or late call never
 * fails the others. Each call gets an AbortSignal that fires at its timeout or the deadline;
 * gather does not wait for a call that ignores it. Takes an array (results by index, tuples
 * keep their types) or a record (results by key).
 *
 *   const { results, wallMs } = await gather({ search: (s) => find(q, s), segment: (s) => seg(id, s) }, { deadlineMs: 800 });
 *   if (results.search.ok) use(results.search.data);
 */
export async function gather<const C extends readonly GatherCall<unknown>[] | Record<string, GatherCall<unknown>>>(
  calls: C,
  options: GatherOptions = {},
): Promise<GatherResult<C>> {
  const started = performance.now();
  const entries = Object.entries(calls) as [string, GatherCall<unknown>][];
  const all = new AbortController();
  const deadlineError = () => new ExecutorError('TIMEOUT', `deadline of ${options.deadlineMs} ms passed`);
  const abortAll = () => all.abort(new ExecutorError('ABORTED', 'gather was aborted', { cause: options.signal?.reason }));
  const deadline = options.deadlineMs !== undefined ? setTimeout(() => all.abort(deadlineError()), options.deadlineMs) : undefined;
  if (options.signal?.aborted) abortAll();
  options.signal?.addEventListener('abort', abortAll, { once: true });
  const limit = pLimit(Math.max(1, options.concurrency ?? Math.max(1, entries.length)));

  try {
    const settled = await Promise.all(
      entries.map(([key, call]) => {
        const fn = typeof call === 'function' ? call : call.run;
        const timeoutMs = (typeof call === 'function' ? undefined : call.timeoutMs) ?? options.timeoutMs;
        return limit(() => settle(key, fn, timeoutMs, all.signal));
      }),
    );
    const results = (Array.isArray(calls) ? [] : {}) as Record<string, Settled<unknown>>;
    entries.forEach(([key], i) => (results[key] = settled[i] as Settled<unknown>));
    return { results: results as GatherResults<C>, wallMs: round(performance.now() - started) };
  } finally {
    if (deadline) clearTimeout(deadline);
    options.signal?.removeEventListener('abort', abortAll);
  }
}

async function settle<T>(key: string, fn: GatherFn<T>, timeoutMs: number | undefined, parent: AbortSignal): Promise<Settled<T>> {
  const started = performance.now();
  const ms = () => round(performance.now() - started);
  // Not started before the deadline (it waited for a concurrency slot): fail without starting it.
  if (parent.aborted) return { ok: false, error: labelled(key, parent.reason, 'was not started'), ms: 0 };

  const own = new AbortController();
  const onParent = () => own.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  const timer =
    timeoutMs !== undefined
      ? setTimeout(() => own.abort(new ExecutorError('TIMEOUT', `timed out after ${timeoutMs} ms`)), timeoutMs)
      : undefined;
  let onAbort: (() => void) | undefined;
  try {
    // Settle at the abort even when the call ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(own.signal.reason);
      own.signal.addEventListener('abort', onAbort, { once: true });
    });
    const data = await Promise.race([Promise.resolve().then(() => fn(own.signal)), aborted]);
    return { ok: true, data, ms: ms() };
  } catch (err) {
    return { ok: false, error: own.signal.aborted ? labelled(key, own.signal.reason) : toError(err), ms: ms() };
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) own.signal.removeEventListener('abort', onAbort);
    parent.removeEventListener('abort', onParent);
  }
}

/** A timeout or abort error that names the call. */
function labelled(key: string, reason: unknown, suffix?: string): Error {
  if (reason instanceof ExecutorError) {
    return new ExecutorError(reason.code, `call "${key}" ${suffix ? `${suffix}: ` : ''}${reason.message}`, { cause: reason.cause });
  }
  return toError(reason);
}

function toError(err: unknown): Error {
  // isNativeError also accepts errors from other realms (vm contexts, jest's sandbox).
  if (err instanceof Error || types.isNativeError(err)) return err;
  return new Error(typeof err === 'string' ? err : String(JSON.stringify(err)));
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
