/** Where a job is: waiting for a consumer, being worked on, or finished one of three ways. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Jobs per status: queue depth (queued, running) and the finished jobs still kept. */
export type JobCounts = Record<JobStatus, number>;

/** A job as every instance sees it, whichever process runs it. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string;
  /** Runs started so far (a retry after a failure or a killed consumer starts another). */
  attempts: number;
  result?: unknown;
  error?: { code: string; message: string };
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface JobContext {
  /** The job's id (the same in every attempt). */
  jobId: string;
  /** Aborted when the job is cancelled or its consumer shuts down. */
  signal: AbortSignal;
  /** 1 for the first run, 2 for the first retry, ... */
  attempt: number;
  /** Progress (clamped to 0..1) and an optional message, visible to every instance. */
  report(progress: number, message?: string): void;
}

export type JobHandler = (data: unknown, context: JobContext) => Promise<unknown>;

export interface SubmitOptions {
  /** At most one queued or running job of this kind across every instance: a second is refused. */
  exclusive?: boolean;
}

/** A kind of job submitted on a cron: retraining at night, re-segmenting every hour. */
export interface ScheduleSpec {
  /** 5 fields (minute first) or 6 (second first), e.g. `0 3 * * *`; see checkCron. */
  cron: string;
  kind: string;
  /** The data of every job the schedule submits. */
  data?: unknown;
  /** IANA zone the cron is read in, e.g. `Europe/Berlin` (default UTC). */
  timezone?: string;
}

/** A schedule as the admin view shows it. */
export interface ScheduleView {
  name: string;
  cron: string;
  kind: string;
  /** IANA zone the cron is read in (UTC unless the spec named one). */
  timezone: string;
  /** When it ticks next (absent when no consumer runs it yet under BullMQ). */
  next?: string;
  /** The latest tick, wherever it ran. */
  lastTick?: ScheduleTick;
}

/**
 * One firing of a schedule. `started` submitted a job; `skipped` found a job of that kind queued
 * or running (whoever submitted it) and started nothing.
 */
export interface ScheduleTick {
  schedule: string;
  kind: string;
  outcome: 'started' | 'skipped';
  /** The job it started, or the queued or running one it gave way to. */
  jobId: string;
  /** The time the cron named for this tick. */
  dueAt: string;
  /** When it was handled (a tick waits while no consumer runs). */
  at: string;
}

/** A second exclusive job of a kind while one is queued or running. */
export class JobConflictError extends Error {
  constructor(
    readonly kind: string,
    readonly activeJobId: string,
  ) {
    super(`A ${kind} job is already queued or running (${activeJobId})`);
    this.name = 'JobConflictError';
  }
}

/**
 * Thrown by a handler for a failure a retry cannot fix (a malformed file, a missing model): the
 * job fails at once instead of using its remaining attempts.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export const CANCELLED_MESSAGE = 'cancelled';

export function clampProgress(progress: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
