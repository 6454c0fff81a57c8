import type { JobHandler, JobView, SubmitOptions } from './job-types';

/**
 * Long work (imports, training, segmentation, search reindexing, batch precompute) as jobs: any
 * instance submits and reads them, consumers run them. The in-process queue runs them in the
 * process that submitted them; the BullMQ queue keeps them in Redis, where any worker process
 * takes them and a job whose consumer dies is taken again.
 */
export interface JobQueue {
  /** `in-process` or `bullmq`. */
  readonly backend: string;
  /** Queues a job of a kind some consumer handles. Throws JobConflictError for a second exclusive job. */
  submit(kind: string, data: unknown, options?: SubmitOptions): Promise<JobView>;
  get(id: string): Promise<JobView | undefined>;
  /** The most recent jobs first, at most `limit` (default 100). */
  list(limit?: number): Promise<JobView[]>;
  /**
   * Stops a job: a queued one never runs, a running one sees its signal aborted and ends
   * `cancelled` (not retried). Undefined for an unknown id; a finished job is returned unchanged.
   */
  cancel(id: string): Promise<JobView | undefined>;
  /** Starts taking jobs of these kinds in this process. Call once. */
  consume(handlers: Readonly<Record<string, JobHandler>>): Promise<void>;
  /** Stops taking jobs, aborts the ones running here (the BullMQ queue leaves them to be retried), and frees connections. */
  close(): Promise<void>;
}
