import { gather as executorGather } from '@reco/executor';

/** One call for `Gather`: it should stop when its signal fires. */
export interface GatherTask<T> {
  run: (signal: AbortSignal) => Promise<T>;
  timeoutMs?: number;
}

export type GatherSettled<T> = { ok: true; data: T; ms: number } | { ok: false; error: Error; ms: number };

/** The shape of @reco/executor's `gather`, narrowed to arrays: what the tool runner needs. */
export type Gather = <T>(
  calls: readonly GatherTask<T>[],
  options: { deadlineMs?: number; concurrency?: number; signal?: AbortSignal },
) => Promise<{ results: GatherSettled<T>[]; wallMs: number }>;

/** The executor's gather behind the `Gather` seam. */
export const defaultGather: Gather = async <T>(
  calls: readonly GatherTask<T>[],
  options: { deadlineMs?: number; concurrency?: number; signal?: AbortSignal },
) => {
  const { results, wallMs } = await executorGather(calls, options);
  return { results: results as GatherSettled<T>[], wallMs };
};
