import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { countBullJobs } from './bullmq-counts';
import { BullSchedules } from './bullmq-schedules';
import type { JobQueue } from './job-queue';
import {
  CANCELLED_MESSAGE,
  clampProgress,
  errorMessage,
  FINISHED_STATUSES,
  JobConflictError,
  PermanentJobError,
  type JobCounts,
  type JobHandler,
  type JobStatus,
  type JobView,
  type ScheduleSpec,
  type ScheduleTick,
  type ScheduleView,
  type SubmitOptions,
} from './job-types';
import { Listeners } from './schedules';

export interface BullJobQueueOptions {
  redisUrl: string;
  /** Key prefix of every key this queue writes (one per deployment or test run). */
  prefix: string;
  /** Queue name under the prefix (default `reco-jobs`). */
  name?: string;
  /** Runs per job before it fails, counting runs whose consumer died (default 3). */
  attempts?: number;
  /** First retry delay, doubled each time (default 5,000 ms). */
  backoffMs?: number;
  /** How long a consumer's hold on a job lasts without renewal: a killed consumer's job is taken again after about this long (default 30,000 ms). */
  lockMs?: number;
  /** Jobs run at once by this process (default 1). */
  concurrency?: number;
  /** Finished jobs kept for reading, per outcome (default 1,000). */
  keep?: number;
  /** Bound on the queue's Redis commands (default 5,000 ms). */
  commandTimeoutMs?: number;
  /** Connection and consumer errors (Redis down, a lost lock) and listeners' errors, for the log; calls fail on their own. */
  onError?: (err: Error) => void;
}

interface Progress {
  progress: number;
  message: string;
}

const CANCEL_MARK_SECONDS = 7 * 86_400;
const SHUTDOWN_MESSAGE = 'The job consumer is shutting down';
const FINISHED_BULL_STATES = new Set(['completed', 'failed']);

/**
 * Jobs in Redis through BullMQ: every instance reads the same jobs, any process that calls
 * consume() takes them, and a job whose consumer dies (its lock not renewed) is taken again by
 * another, up to `attempts` runs with exponential backoff. Cancellation is a mark in Redis (read
 * before a job starts) plus a message to every consumer (which aborts a running one).
 */
export class BullJobQueue implements JobQueue {
  readonly backend = 'bullmq';
  private readonly queue: Queue;
  private readonly commands: Redis;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly running = new Map<string, AbortController>();
  private closing = false;
  private readonly name: string;
  private readonly cancelChannel: string;
  private readonly scheduler: BullSchedules;
  private readonly finished: Listeners<JobView>;
  private readonly onError: (err: Error) => void;

  constructor(private readonly options: BullJobQueueOptions) {
    this.onError = options.onError ?? (() => undefined);
    this.name = options.name ?? 'reco-jobs';
    this.commands = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: options.commandTimeoutMs ?? 5_000, connectTimeout: 5_000 });
    // Connection errors surface as failed commands; without a listener ioredis prints each one.
    this.commands.on('error', this.onError);
    const keep = options.keep ?? 1_000;
    this.queue = new Queue(this.name, {
      connection: this.commands,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: Math.max(1, options.attempts ?? 3),
        backoff: { type: 'exponential', delay: options.backoffMs ?? 5_000 },
        removeOnComplete: { count: keep },
        removeOnFail: { count: keep },
      },
    });
    this.queue.on('error', this.onError);
    this.cancelChannel = `${options.prefix}:${this.name}:cancel`;
    this.finished = new Listeners(this.onError);
    this.scheduler = new BullSchedules({
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      name: this.name,
      connection: this.commands,
      submit: (kind, data, submitOptions) => this.submit(kind, data, submitOptions),
      onError: this.onError,
    });
  }

  async submit(kind: string, data: unknown, options: SubmitOptions = {}): Promise<JobView> {
    const jobId = randomUUID();
    const job = await this.queue.add(kind, data ?? null, { jobId, ...(options.exclusive ? { deduplication: { id: `exclusive:${kind}` } } : {}) });
    // A deduplicated add returns the job already holding the kind.
    if (job.id !== jobId) throw new JobConflictError(kind, String(job.id));
    return this.viewOf(job, 'queued', false);
  }

  async get(id: string): Promise<JobView | undefined> {
    // State first, then the job: a job seen finished has its result written (BullMQ writes both
    // in one script); read the other way round, a job finishing in between showed no result.
    const [state, marked] = await Promise.all([this.queue.getJobState(id), this.isCancelled(id)]);
    const job = await this.queue.getJob(id);
    if (!job || state === 'unknown') return undefined;
    return this.viewOf(job, statusOf(state), marked);
  }

  async list(limit = 100): Promise<JobView[]> {
    const jobs = (await this.queue.getJobs(['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'], 0, limit - 1, false)).filter(
      (j): j is Job => j !== undefined && j !== null,
    );
    jobs.sort((a, b) => b.timestamp - a.timestamp);
    const recent = jobs.slice(0, limit);
    const [states, marks] = await Promise.all([Promise.all(recent.map((j) => j.getState())), this.cancelMarks(recent.map((j) => String(j.id)))]);
    // A job that finished after it was read is read again, so its result comes with its state.
    const current = await Promise.all(recent.map(async (job, i) => (FINISHED_BULL_STATES.has(states[i] as string) && !job.finishedOn ? ((await this.queue.getJob(String(job.id))) ?? job) : job)));
    return current.map((job, i) => this.viewOf(job, statusOf(states[i] as string), marks[i] === true));
  }

  async cancel(id: string): Promise<JobView | undefined> {
    const view = await this.get(id);
    if (!view || FINISHED_STATUSES.includes(view.status)) return view;
    await this.commands.set(this.cancelKey(id), '1', 'EX', CANCEL_MARK_SECONDS);
    await this.commands.publish(this.cancelChannel, id);
    return (await this.get(id)) ?? view;
  }

  async counts(): Promise<JobCounts> {
    return countBullJobs(this.queue, this.commands, (id) => this.cancelKey(id));
  }

  onFinished(listener: (job: JobView) => void): () => void {
    return this.finished.add(listener);
  }

  schedule(name: string, spec: ScheduleSpec): Promise<void> {
    return this.scheduler.schedule(name, spec);
  }

  unschedule(name: string): Promise<void> {
    return this.scheduler.unschedule(name);
  }

  schedules(): Promise<ScheduleView[]> {
    return this.scheduler.list();
  }

  onScheduleTick(listener: (tick: ScheduleTick) => void): () => void {
    return this.scheduler.onTick(listener);
  }

  async consume(handlers: Readonly<Record<string, JobHandler>>): Promise<void> {
    if (this.worker) throw new Error('consume() was called already');
    this.subscriber = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', this.onError);
    this.subscriber.on('message', (_channel: string, id: string) => this.running.get(id)?.abort(new Error(CANCELLED_MESSAGE)));
    await this.subscriber.subscribe(this.cancelChannel);
    const lockMs = this.options.lockMs ?? 30_000;
    // Blocking reads need a connection that never gives up on a command (BullMQ's requirement).
    this.workerConnection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', this.onError);
    this.worker = new Worker(this.name, (job: Job) => this.process(job, handlers), {
      connection: this.workerConnection,
      prefix: this.options.prefix,
      concurrency: Math.max(1, this.options.concurrency ?? 1),
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A job whose consumer died is taken again; each time counts towards its attempts.
      maxStalledCount: Math.max(1, (this.options.attempts ?? 3) - 1),
    });
    this.worker.on('error', this.onError);
    // After BullMQ moved the job, so a listener reading it sees it finished. A failure with
    // attempts left has no finishedOn: it is retried, not reported.
    this.worker.on('completed', (job: Job) => this.finished.emit(this.viewOf(job, 'succeeded', false)));
    this.worker.on('failed', (job: Job | undefined) => {
      if (job?.finishedOn) this.finished.emit(this.viewOf(job, 'failed', false));
    });
    this.scheduler.start();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const controller of this.running.values()) controller.abort(new Error(SHUTDOWN_MESSAGE));
    // The trigger being handled (if any) submits before the queue below closes.
    await Promise.all([this.scheduler.close(), this.worker?.close()]);
    // Connections handed to BullMQ stay open after its close(): ours to end.
    this.workerConnection?.disconnect();
    this.subscriber?.disconnect();
    await this.queue.close();
    this.commands.disconnect();
  }

  private async process(job: Job, handlers: Readonly<Record<string, JobHandler>>): Promise<unknown> {
    const id = String(job.id);
    const handler = handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no consumer handles ${job.name} jobs`);
    // Registered before any await, so a close() or cancel message arriving meanwhile reaches it.
    const controller = new AbortController();
    this.running.set(id, controller);
    if (this.closing) controller.abort(new Error(SHUTDOWN_MESSAGE));
    let last: Promise<unknown> = Promise.resolve();
    try {
      if (await this.isCancelled(id)) controller.abort(new Error(CANCELLED_MESSAGE));
      await job.updateProgress({ progress: 0, message: 'running' } satisfies Progress);
      controller.signal.throwIfAborted();
      const result = await handler(job.data, {
        jobId: id,
        signal: controller.signal,
        attempt: job.attemptsStarted ?? job.attemptsMade + 1,
        report: (progress, message) => {
          const value: Progress = { progress: clampProgress(progress), message: message ?? 'running' };
          last = last.then(() => job.updateProgress(value)).catch(() => undefined);
        },
      });
      await last;
      if (controller.signal.aborted) throw controller.signal.reason;
      return result ?? null;
    } catch (err) {
      await last;
      if (controller.signal.aborted && errorMessage(controller.signal.reason) === CANCELLED_MESSAGE) throw new UnrecoverableError(CANCELLED_MESSAGE);
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
      throw err instanceof Error ? err : new Error(errorMessage(err));
    } finally {
      this.running.delete(id);
    }
  }

  private viewOf(job: Job, status: JobStatus, cancelMarked: boolean): JobView {
    const progress = progressOf(job.progress);
    const failedReason = job.failedReason || undefined;
    let shown = status;
    if (status === 'failed' && failedReason === CANCELLED_MESSAGE) shown = 'cancelled';
    else if (status === 'queued' && cancelMarked) shown = 'cancelled';
    const view: JobView = {
      id: String(job.id),
      kind: job.name,
      status: shown,
      progress: shown === 'succeeded' ? 1 : progress.progress,
      message: shown === 'succeeded' ? 'done' : shown === 'cancelled' ? CANCELLED_MESSAGE : shown === 'failed' ? (failedReason ?? 'failed') : shown === 'queued' ? (failedReason ? `retrying after: ${failedReason}` : 'queued') : progress.message,
      attempts: job.attemptsStarted ?? job.attemptsMade,
      createdAt: new Date(job.timestamp).toISOString(),
    };
    if (job.processedOn) view.startedAt = new Date(job.processedOn).toISOString();
    if (job.finishedOn && FINISHED_STATUSES.includes(shown)) view.finishedAt = new Date(job.finishedOn).toISOString();
    if (shown === 'succeeded') view.result = job.returnvalue;
    if (shown === 'failed') view.error = { code: /stalled/i.test(failedReason ?? '') ? 'JOB_LOST' : 'JOB_FAILED', message: failedReason ?? 'failed' };
    return view;
  }

  private cancelKey(id: string): string {
    return `${this.options.prefix}:${this.name}:cancelled:${id}`;
  }

  private async isCancelled(id: string): Promise<boolean> {
    return (await this.commands.exists(this.cancelKey(id))) === 1;
  }

  private async cancelMarks(ids: readonly string[]): Promise<boolean[]> {
    if (ids.length === 0) return [];
    const values = await this.commands.mget(...ids.map((id) => this.cancelKey(id)));
    return values.map((v) => v !== null);
  }
}

function statusOf(state: string): JobStatus {
  if (state === 'active') return 'running';
  if (state === 'completed') return 'succeeded';
  if (state === 'failed') return 'failed';
  return 'queued';
}

function progressOf(value: unknown): Progress {
  if (typeof value === 'number') return { progress: clampProgress(value > 1 ? value / 100 : value), message: 'running' };
  if (value && typeof value === 'object' && 'progress' in value) {
    const p = value as Partial<Progress>;
    return { progress: clampProgress(Number(p.progress)), message: typeof p.message === 'string' ? p.message : 'running' };
  }
  return { progress: 0, message: 'running' };
}
