import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ToolError, type ToolLogger } from '@reco/base-tools';
import { FINISHED_STATUSES, JobConflictError, type JobView } from '@reco/jobs';

/** How a tool follows a job it submitted. */
export interface FollowJobOptions {
  /** Reads the job (a bounded queue call); a read that fails is tried again at the next poll. */
  read: (id: string) => Promise<JobView | undefined>;
  /** Stop following after this long; the job goes on. */
  waitMs: number;
  pollMs: number;
  /** The call's signal: once the caller has gone (or the call timed out), nobody reads the answer. */
  signal: AbortSignal;
  /** Each view whose status, progress or message differs from the last one told, the first included. */
  onChange: (job: JobView) => void;
  logger: ToolLogger;
}

/** A job as far as the caller followed it: `finished` when it ended (succeeded, failed or cancelled). */
export interface FollowedJob {
  job: JobView;
  finished: boolean;
}

function isFinished(job: JobView): boolean {
  return FINISHED_STATUSES.includes(job.status);
}

/**
 * Reads the job every `pollMs` until it has finished, `waitMs` have passed or the caller's signal
 * aborts, and answers the last view read. Following never changes the job: it runs on when the
 * caller stops waiting.
 */
export async function followJob(submitted: JobView, options: FollowJobOptions): Promise<FollowedJob> {
  const { read, waitMs, pollMs, signal, onChange, logger } = options;
  const deadline = performance.now() + waitMs;
  let job = submitted;
  let readFailed = false;
  if (waitMs > 0) onChange(job);
  while (!isFinished(job) && !signal.aborted) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    try {
      await sleep(Math.min(pollMs, left), undefined, { signal });
    } catch {
      break; // the caller went away
    }
    let next: JobView | undefined;
    try {
      next = await read(job.id);
    } catch (err) {
      // The queue may blip: the caller still gets the job id and its last known state at the end.
      if (!readFailed) logger.warn({ err, jobId: job.id }, 'could not read a followed job; trying again');
      readFailed = true;
      continue;
    }
    // Gone from the queue's records (pruned): what was last read is all there is to tell.
    if (!next) break;
    if (next.status !== job.status || next.progress !== job.progress || next.message !== job.message) onChange(next);
    job = next;
  }
  return { job, finished: isFinished(job) };
}

// The queue's own store (Redis, under BullMQ) failing is a dependency outage like the database's.
const QUEUE_RETRY_AFTER_SECONDS = 5;

/** A failure of the job queue, in the form dependencyFailureOf reads: the registry answers UNAVAILABLE. */
class JobQueueUnavailableError extends Error {
  readonly unavailableDependency = 'job queue';
  readonly retryAfterSeconds = QUEUE_RETRY_AFTER_SECONDS;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobQueueUnavailableError';
  }
}

/**
 * A call on the job queue, bounded (BullMQ waits for a connection that may never come): a second
 * exclusive job is a CONFLICT naming the active one, any other failure the queue's unavailability.
 */
export async function queueCall<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobQueueUnavailableError(`the job queue did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (err) {
    if (err instanceof JobConflictError) {
      throw ToolError.conflict(`A ${err.kind} job is already queued or running (job ${err.activeJobId}); follow that one, or try again once it has finished`, {
        kind: err.kind,
        activeJobId: err.activeJobId,
      });
    }
    if (err instanceof JobQueueUnavailableError) throw err;
    throw new JobQueueUnavailableError('the job queue failed', { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
