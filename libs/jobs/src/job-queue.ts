import type { JobCounts, JobHandler, JobView, ScheduleSpec, ScheduleTick, ScheduleView, SubmitOptions } from './job-types';

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
  /** Jobs per status across every instance: queued and running now, finished as far as kept. */
  counts(): Promise<JobCounts>;
  /**
   * Calls `listener` once per job that ended succeeded, failed or cancelled, in the process that
   * ended it: the one whose consumer ran it (under BullMQ, a job cancelled while queued, or lost
   * with too many dead consumers, ends in the consumer that takes it next). For duration and
   * failure metrics. A failed attempt that is retried is not reported (`attempts` tells how many
   * runs a job took). Answers a function that removes the listener.
   */
  onFinished(listener: (job: JobView) => void): () => void;
  /**
   * Submits `spec.kind` on the cron, exclusively: a tick while a job of that kind is queued or
   * running starts nothing (the tick is `skipped`). One schedule per name across every instance:
   * every process may call this at start-up; a new spec replaces the old. Throws a RangeError for
   * an invalid name, cron or time zone.
   */
  schedule(name: string, spec: ScheduleSpec): Promise<void>;
  /** Removes a schedule (no-op for an unknown name); a tick already being handled may still start its job. */
  unschedule(name: string): Promise<void>;
  schedules(): Promise<ScheduleView[]>;
  /** Calls `listener` in the process that handled each tick, started or skipped (for the log). */
  onScheduleTick(listener: (tick: ScheduleTick) => void): () => void;
  /** Starts taking jobs of these kinds in this process. Call once. */
  consume(handlers: Readonly<Record<string, JobHandler>>): Promise<void>;
  /** Stops taking jobs and ticks, aborts the ones running here (the BullMQ queue leaves them to be retried), and frees connections. */
  close(): Promise<void>;
}
